"""The words the attribution rules know: reporting verbs, who-words, titles and roles.

Lower case, one string a group (split by `_words`) so the lists read as prose, not as a column.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Reporting verbs and phrases that almost always attribute ("said", "denied", "pointed out").
STRONG_VERBS = _words(
    "say says said saying tell tells told telling claim claims claimed claiming deny denies "
    "denied denying insist insists insisted insisting adds added adding stated stating "
    "continued announce announces announced argue argues argued arguing warn warns warned "
    "warning explain explains explained explaining assert asserts asserted contend contends "
    "contended declare declares declared acknowledge acknowledges acknowledged admit admits "
    "admitted allege alleges alleged accuse accuses accused vow vows vowed predict predicts "
    "predicted reply replies replied responds responded tweets tweeted writes wrote suggest "
    "suggests suggested notes noted confirm confirms confirmed reports reported maintain "
    "maintains maintained described describes describing concluded joked mocked recalled "
    "citing cited dismissed defended vowing asserting declaring calling suggesting noting "
    "revealed reveals mentioned emphasized recalling estimated declined agreed questioned "
    "proposed expressed implied highlighted denouncing acknowledging insisting explaining "
    "warning arguing "
)
#: Verbs of belief and opinion, attributed only with a speaker beside them ("believes").
WEAK_VERBS = _words(
    "believe believes believed thinks thought promise promises promised showed found supports "
    "supported endorsed backing refused hope hopes hoped fear fears feared expect expects "
    "expected calls called asks asked urge urges urged praise praised criticize criticized "
    "criticizes blame blamed blames pledge pledged pledges "
)
PRONOUNS = _words("he i it she they we who you")
#: Nouns that name a speaker by role ("a spokesperson for the Kremlin", "officials").
ROLE_WORDS = _words(
    "adviser advisers advisor advisors agency aide aides analysts campaign candidate chairman "
    "critics director experts governor lawmakers leader leaders minister ministry official "
    "officials people police president report reports representative secretary senator source "
    "sources spokesman spokespeople spokesperson spokeswoman statement supporters "
)
#: Small words inside a speaker's name ("Secretary of State", "a spokesperson for the ministry").
JOINERS = _words("'s - a an and at for from in of the to ’s")
#: Words between a speaker and the cue that belong to neither ("has also said").
SKIP_BEFORE_CUE = _words(
    "again also did does had has have is later n't never not often once previously publicly "
    "recently repeatedly reportedly then was were will would "
)
