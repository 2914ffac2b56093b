"""Build the README's story pictures from the seeds: the comparison matrix and the attribution graph.

    python docs/demo_story.py /tmp/story.db docs/

The demo project (`demo_project.py`: both Lavrov/Kerry articles, claims attributed and linked)
with each article's outlet and date set, and the two articles made one story.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_project import build

from annotator.domain.metadata import ArticleMetadata, ArticleProperties
from annotator.service import ProjectService

OUTLETS = (("rt.com", "2015-12-23"), ("sputniknews.com", "2016-09-03"))


def build_story(path: Path) -> tuple[ProjectService, int]:
    service = build(path)
    ids = service.document_ids()
    for document_id, (outlet, day) in zip(ids, OUTLETS, strict=True):
        title = service.article_properties(document_id).title
        service.set_article_properties(
            document_id, ArticleProperties(title, ArticleMetadata(outlet=outlet, published=day))
        )
    story = service.stories.create("Lavrov-Kerry talks", ids).after[0]
    return service, story.id


def main(project: Path, folder: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.gui.app import application
    from annotator.gui.session import Session
    from annotator.gui.story_compare import CompareWindow
    from annotator.gui.story_pictures_view import render_png
    from annotator.service.story_pictures import graph_drawing, story_graph

    service, story_id = build_story(project)
    app = application()
    render_png(
        graph_drawing(story_graph(service, story_id), "Lavrov-Kerry talks"),
        folder / "story-graph.png",
    )
    session = Session(service)
    window = CompareWindow(session, story_id)
    window.resize(1300, 560)
    window.show()
    window.table.clearSelection()
    for _ in range(3):
        app.processEvents()
    window.grab().save(str(folder / "story-compare.png"))
    window.close()
    session.signals.detach()
    service.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
