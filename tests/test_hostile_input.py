"""Hostile input never hangs, fetches, opens or writes: the same files through every entry point.

Each hostile file goes through the CLI commands that take ``--data`` (in process, so the audit
hook below sees everything), ``validate FILE``, ``serve --data`` and ``push --data`` (whose
server and endpoint are a loopback listener that fails the test if anything connects), and the
Python API. Each must be refused in under a second with one line naming the file, with no
connection attempted, nothing opened but the input, and nothing written.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

import collabgraph
from collabgraph import cli
from collabgraph.errors import DataFileError
from collabgraph.files.safe_input import vet
from collabgraph.loading.load import parse_file

RDF_HEAD = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
TTL = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"

# Audit hooks cannot be removed: this one acts only while WATCH["on"] is set.
WATCH = {"on": False, "network": [], "opened": [], "written": [], "deny": set(), "secrets": set()}
_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request", "http.client.connect"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _audit(event, args):
    if not WATCH["on"]:
        return
    if event in _NETWORK_EVENTS:
        WATCH["network"].append((event, repr(args)[:200]))
    elif event == "open":
        path, mode, flags = args
        if not isinstance(path, str | bytes | os.PathLike):
            return  # an already open descriptor
        name = os.fsdecode(path)
        if name in WATCH["secrets"]:
            WATCH["opened"].append(name)
        writing = any(c in (mode or "") for c in "wax+") or bool((flags or 0) & _WRITE_FLAGS)
        if writing and "__pycache__" not in name:
            WATCH["written"].append(name)
        if name in WATCH["deny"]:  # an unreadable file, even for root
            raise PermissionError(13, "Permission denied", name)


sys.addaudithook(_audit)


@pytest.fixture(scope="module")
def listener():
    """A loopback server that records every connection; nothing may ever connect to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    accepted, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            accepted.append(conn.recv(200))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    server.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, listener):
    """name → (path, what the one-line refusal must say)."""
    url, _ = listener
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.jsonld"  # a file a context or an entity names: never to be opened
    secret.write_text('{"@context": {"@vocab": "http://example.org/"}}')
    entities = ['<!ENTITY l0 "' + "lol" * 20 + '">'] + [f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 8)]
    body = ' <rdf:Description rdf:about="http://example.org/x"><ex:p>{}</ex:p></rdf:Description>\n</rdf:RDF>\n'
    files = {
        "laughs.rdf": (
            '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n ' + "\n ".join(entities) + "\n]>\n" + RDF_HEAD + body.format("&l7;"),
            "declares entity",
        ),
        "external-entity.owl": (
            '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "'
            + secret.as_uri()
            + '"> ]>\n'
            + RDF_HEAD
            + body.format("&x;"),
            "external entity",
        ),
        "external-dtd.rdf": (
            f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{url}/x.dtd">\n' + RDF_HEAD + body.format("v"),
            "external DTD",
        ),
        "remote-context.jsonld": (
            json.dumps({"@context": f"{url}/ctx", "@id": "http://example.org/a", "name": "x"}),
            "remote JSON-LD @context",
        ),
        "file-context.jsonld": (
            json.dumps({"@context": "file:///etc/passwd", "@id": "http://example.org/a", "name": "x"}),
            "remote JSON-LD @context",
        ),
        "list-context.jsonld": (
            json.dumps({"@context": [{"ex": "http://example.org/"}, secret.as_uri()], "@id": "ex:a", "ex:p": "x"}),
            "remote JSON-LD @context",
        ),
        "scoped-context.jsonld": (
            json.dumps(
                {
                    "@context": {"knows": {"@id": "http://example.org/knows", "@context": f"{url}/scoped"}},
                    "@graph": [{"@id": "http://example.org/a", "knows": {}}],
                }
            ),
            "remote JSON-LD @context",
        ),
        "nested-context.jsonld": (
            json.dumps(
                {"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "ex:p": {"@context": secret.as_uri(), "@id": "ex:b"}}
            ),
            "remote JSON-LD @context",
        ),
        "import.jsonld": (json.dumps({"@context": {"@import": f"{url}/import"}, "@id": "http://example.org/a"}), "@import"),
        "empty.ttl": ("", "empty file"),
        "comments-only.ttl": ("# nothing here\n\n  # nor here\n", "no triples"),
        "bad-utf8.ttl": (None, "not UTF-8"),
        "unreadable.ttl": (TTL, "permission denied"),
    }
    paths = {}
    for name, (text, said) in files.items():
        path = root / name
        if text is not None:
            path.write_text(text)
        paths[name] = (path, said)
    paths["bad-utf8.ttl"][0].write_bytes(TTL.encode() + b'ex:a ex:b "caf\xe9" .\n')
    empty_dir = root / "folder.ttl"
    empty_dir.mkdir()
    paths["folder.ttl"] = (empty_dir, "directory with no RDF files")
    os.chmod(paths["unreadable.ttl"][0], 0)
    return {"paths": paths, "secrets": {str(secret), "/etc/passwd"}, "deny": {str(paths["unreadable.ttl"][0])}}


HOSTILE = [
    "laughs.rdf",
    "external-entity.owl",
    "external-dtd.rdf",
    "remote-context.jsonld",
    "file-context.jsonld",
    "list-context.jsonld",
    "scoped-context.jsonld",
    "nested-context.jsonld",
    "import.jsonld",
    "empty.ttl",
    "comments-only.ttl",
    "bad-utf8.ttl",
    "unreadable.ttl",
    "folder.ttl",
]


def _cli(args, capsys):
    """Run the CLI in this process, as ``collabgraph ARGS`` would: (exit code, stderr)."""
    argv = sys.argv
    sys.argv = ["collabgraph", *args]
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.argv = argv
    return code, capsys.readouterr().err


ENTRY_POINTS = {
    "stats --data": lambda p, url: ["stats", "--data", p],
    "partners --data": lambda p, url: ["partners", "Maastricht University", "--data", p],
    "validate FILE": lambda p, url: ["validate", p],
    "validate --data": lambda p, url: ["validate", "--data", p],
    "serve --data": lambda p, url: ["serve", "--port", "18765", "--data", p],
    "push --data": lambda p, url: ["--store", f"sparql:{url}/query", "push", "--data", p],
    "collabgraph.loading.load": None,
}


@pytest.fixture
def watched(hostile, tmp_path, monkeypatch):
    """Watch for connections, secret files opened and files written; nothing is served."""
    import collabgraph.checks.user_data  # noqa: F401  (imported now, not timed within a refusal)
    import collabgraph.server

    def served(*args, **kwargs):
        raise AssertionError("the server started on hostile data")

    monkeypatch.setattr(collabgraph.server, "serve", served)
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    WATCH.update(network=[], opened=[], written=[], secrets=hostile["secrets"], deny=hostile["deny"])
    WATCH["on"] = True
    yield
    WATCH["on"] = False


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_in_one_line_without_fetching_opening_or_writing(
    name, entry, hostile, listener, watched, capsys, tmp_path
):
    path, said = hostile["paths"][name]
    url, accepted = listener
    if ENTRY_POINTS[entry] is None:
        with pytest.raises(DataFileError) as caught:
            collabgraph.load(data=[path])
        code, err = 2, f"error: {caught.value}\n"
    else:
        code, err = _cli(ENTRY_POINTS[entry](str(path), url), capsys)
    WATCH["on"] = False
    assert code == 2, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}"), err
    assert said in lines[0]
    time.sleep(0.01)  # let the listener's thread record a late connection
    assert accepted == [] and WATCH["network"] == []
    assert WATCH["opened"] == []
    assert WATCH["written"] == [] and not (tmp_path / "cache").exists()


def test_unreadable_file_is_named_even_where_permissions_do_not_apply(hostile, watched):
    """Under root chmod 000 does not stop reading; the audit hook's denial stands in for it."""
    path = hostile["paths"]["unreadable.ttl"][0]
    with pytest.raises(DataFileError, match=r"unreadable\.ttl: cannot read: permission denied"):
        collabgraph.load(data=[path])
    if os.geteuid() != 0:  # the real permission, without the hook's help
        WATCH["deny"] = set()
        with pytest.raises(DataFileError, match="permission denied"):
            collabgraph.load(data=[path])


def _run(*args, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "collabgraph", *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


@pytest.mark.parametrize("name", ["laughs.rdf", "remote-context.jsonld", "external-dtd.rdf"])
def test_serve_with_hostile_data_exits_2_at_once_without_connecting(name, hostile, listener):
    path, said = hostile["paths"][name]
    url, accepted = listener
    result = _run("serve", "--port", "18765", "--data", str(path), timeout=30)  # a hang fails at 30 s
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()] and said in result.stderr
    assert accepted == []


def test_stats_with_an_entity_bomb_exits_2_instead_of_hanging(hostile):
    result = _run("stats", "--data", str(hostile["paths"]["laughs.rdf"][0]), timeout=30)
    assert result.returncode == 2 and "declares entity 'l0'" in result.stderr


def test_entity_bomb_is_reported_on_the_line_of_its_first_declaration(hostile):
    with pytest.raises(DataFileError, match=r"laughs\.rdf:3: refused"):
        vet(hostile["paths"]["laughs.rdf"][0], "xml")


def test_harmless_doctype_without_entities_is_accepted(tmp_path):
    path = tmp_path / "plain.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF>\n'
        + RDF_HEAD
        + '<rdf:Description rdf:about="http://example.org/x"><ex:p>v</ex:p></rdf:Description>'
        "</rdf:RDF>\n"
    )
    assert len(parse_file(path)) == 1


def test_inline_jsonld_context_is_accepted(tmp_path):
    path = tmp_path / "inline.jsonld"
    path.write_text(
        json.dumps(
            {
                "@context": {
                    "@vocab": "https://schema.org/",
                    "knows": {"@id": "https://schema.org/knows", "@type": "@id", "@context": {"@vocab": "https://schema.org/"}},
                },
                "@id": "http://example.org/a",
                "name": "A",
                "knows": "http://example.org/b",
            }
        )
    )
    graph = parse_file(path)
    assert len(graph) == 2


@pytest.mark.parametrize(
    "suffix,text",
    [
        (".ttl", TTL),
        (".nt", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"),
        (".jsonld", json.dumps({"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "ex:b": {"@id": "ex:c"}})),
        (
            ".rdf",
            '<?xml version="1.0"?>\n' + RDF_HEAD + '<rdf:Description rdf:about="http://example.org/a">'
            '<ex:b rdf:resource="http://example.org/c"/></rdf:Description></rdf:RDF>\n',
        ),
    ],
)
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_utf8_byte_order_mark_is_accepted(suffix, text, store, tmp_path):
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    ds = collabgraph.load(data=[path], curated=False, reason=False, store=store)
    assert any(str(s) == "http://example.org/a" for s, _, _ in ds.triples((None, None, None)))


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("between", ["", "\n", "\n# a comment\n\n"])
def test_missing_dot_is_reported_on_the_line_the_statement_ends(store, between, tmp_path):
    lines = ["@prefix ex: <http://example.org/> ."] + [f"ex:s{i} ex:p ex:o{i} ." for i in range(2, 37)]
    lines.append("ex:s37 ex:p ex:o37")  # line 37: no dot
    path = tmp_path / "nodot.ttl"
    path.write_text("\n".join(lines) + "\n" + between + "ex:s38 ex:p ex:o38 .\n")
    with pytest.raises(DataFileError) as caught:
        collabgraph.load(data=[path], curated=False, reason=False, store=store)
    assert caught.value.line == 37, str(caught.value)
    assert "line 38" not in str(caught.value)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_invalid_utf8_is_reported_with_its_line(store, hostile):
    with pytest.raises(DataFileError, match=r"bad-utf8\.ttl:3: ") as caught:
        collabgraph.load(data=[hostile["paths"]["bad-utf8.ttl"][0]], curated=False, reason=False, store=store)
    assert "UTF-8" in str(caught.value)


def test_directory_named_like_a_file_is_read_as_a_directory(tmp_path):
    folder = tmp_path / "mine.ttl"
    folder.mkdir()
    (folder / "facts.ttl").write_text(TTL)
    ds = collabgraph.load(data=[folder], curated=False, reason=False)
    assert len(ds.graph(next(g.identifier for g in ds.graphs() if str(g.identifier).endswith("user/facts")))) == 1


def test_empty_file_no_longer_validates_as_conforming(hostile):
    result = _run("validate", str(hostile["paths"]["empty.ttl"][0]))
    assert result.returncode == 2
    assert "conforms" not in result.stdout and "empty file" in result.stderr


def test_large_valid_file_is_vetted_from_its_prolog_only(tmp_path, monkeypatch):
    path = tmp_path / "large.rdf"
    description = '<rdf:Description rdf:about="http://example.org/s{0}"><ex:p>v{0}</ex:p></rdf:Description>\n'
    with open(path, "w") as out:
        out.write('<?xml version="1.0"?>\n' + RDF_HEAD)
        out.writelines(description.format(i) for i in range(200_000))
        out.write("</rdf:RDF>\n")
    assert path.stat().st_size > 15 * 2**20
    import builtins

    import collabgraph.files.safe_input as safe_input

    read = []

    class Counted:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def __getattr__(self, name):
            return getattr(self.stream, name)

        def read(self, *args):
            data = self.stream.read(*args)
            read.append(len(data))
            return data

    monkeypatch.setattr(safe_input, "open", lambda *a, **k: Counted(builtins.open(*a, **k)), raising=False)
    vet(path, "xml")
    assert read and sum(read) < 2**20, sum(read)  # the prolog, not the 15 MiB


def test_large_valid_file_loads_through_the_api(tmp_path):
    path = tmp_path / "large.ttl"
    with open(path, "w") as out:
        out.write("@prefix ex: <http://example.org/> .\n")
        out.writelines(f'ex:s{i} ex:p "v{i}" .\n' for i in range(20_000))
    ds = collabgraph.load(data=[path], curated=False, reason=False)
    assert sum(1 for _ in ds.triples((None, None, None))) >= 20_000


def test_file_of_prefixes_only_is_refused_for_holding_no_triples(tmp_path):
    path = tmp_path / "prefixes.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n")
    with pytest.raises(DataFileError, match=r"prefixes\.ttl: no triples"):
        collabgraph.load(data=[path], curated=False, reason=False)
