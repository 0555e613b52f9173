"""An independent reader of REFI-QDA files, for the tests: validate a .qdpx's project.qde
or a .qdc against the standard's schemas (Project.xsd, Codebook.xsd; lxml), then read it
with pyrefiqda (Pydantic models generated from those schemas, a parser Groundwork did not
write) and print what it holds as JSON:

  {"codes": [{"name", "path", "color"}], "sources": [{"name", "chars", "selections":
   [{"start", "end", "text", "codes": [path]}]}], "cases": [{"name", "sources": [name]}],
   "notes": [name]}

Positions are checked against the source's plain text, read as Unicode code points.
Usage: python check.py FILE.qdpx|FILE.qdc  (exit 1 with the reason when it does not hold)
"""

import json
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent


def validate(xml: bytes, xsd: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(HERE / xsd)))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.fromstring(xml, parser)
    if not schema.validate(doc):
        errors = "\n".join(str(e) for e in schema.error_log)
        sys.exit(f"{xsd}: the file does not validate:\n{errors}")


def code_paths(codes, parent=""):
    for c in codes:
        path = f"{parent} / {c.name}" if parent else c.name
        yield c, path
        yield from code_paths(c.code, path)


def main(path: str) -> None:
    file = Path(path)
    out = {"codes": [], "sources": [], "cases": [], "notes": []}
    if file.suffix == ".qdc":
        from pyrefiqda.reficodebook import RefiCodebook

        validate(file.read_bytes(), "Codebook.xsd")
        book = RefiCodebook.load(file)
        for c, p in code_paths(book.codes.code):
            out["codes"].append({"name": c.name, "path": p, "color": c.color})
        print(json.dumps(out, ensure_ascii=False))
        return

    from pyrefiqda.refiproject import RefiProject

    with zipfile.ZipFile(file) as z:
        validate(z.read("project.qde"), "Project.xsd")
    with tempfile.TemporaryDirectory() as tmp:
        project = RefiProject.load(file, extract_dir=tmp)
        paths = {}
        if project.code_book is not None:
            for c, p in code_paths(project.code_book.codes.code):
                paths[c.guid] = p
                out["codes"].append({"name": c.name, "path": p, "color": c.color})
        names = {}
        sources = project.sources.text_source if project.sources else []
        for s in sources:
            names[s.guid] = s.name
            if s.plain_text_content is not None:
                text = s.plain_text_content
            else:
                local = RefiProject.resolve_source_path(s.plain_text_path, tmp)
                text = local.read_bytes().decode("utf-8-sig")
            selections = []
            for sel in s.plain_text_selection:
                start, end = sel.start_position, sel.end_position
                if not (0 <= start < end <= len(text)):
                    sys.exit(f"{s.name}: selection {sel.guid} ({start}–{end}) is outside the text ({len(text)} code points)")
                codes = []
                for coding in sel.coding:
                    target = coding.code_ref.target_guid
                    if target not in paths:
                        sys.exit(f"{s.name}: a coding names code {target}, which the codebook lacks")
                    codes.append(paths[target])
                selections.append({"start": start, "end": end, "text": text[start:end], "codes": codes})
            out["sources"].append({"name": s.name, "chars": len(text), "selections": selections})
        for case in project.cases.case if project.cases else []:
            refs = [names.get(r.target_guid) for r in case.source_ref]
            if None in refs:
                sys.exit(f"case {case.name} refers to a source the project lacks")
            out["cases"].append({"name": case.name, "sources": refs})
        for note in project.notes.note if project.notes else []:
            out["notes"].append(note.name)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
