/* The query page of collabgraph serve: YASGUI (static/yasgui), configured for this endpoint only.
 *
 * Nothing here reaches beyond this server: the endpoint is this server's /sparql whatever a stored
 * tab says, there is no CORS proxy, and the only autocompleters are the collabgraph prefixes and
 * the query's variables (YASQE's class and property completers ask lov.linkeddata.es).
 * The page reports its progress on <body> for tests and scripts: data-state (loading, idle,
 * running, done, error), data-rows, data-query-type, data-download (the media type the result's
 * download button gives, "none" when there is none), data-example (the shipped query shown) and
 * data-autocompleters (those the editor runs).
 */
(function () {
  "use strict";
  const nonce = document.currentScript.nonce;
  const config = JSON.parse(document.getElementById("config").textContent);
  const body = document.body;
  const picker = document.getElementById("example");
  const about = document.getElementById("about");
  const status = document.getElementById("status");
  const downloads = document.getElementById("downloads");
  const endpoint = new URL(config.endpoint, document.baseURI).href;
  const describe = new URL(config.describe, document.baseURI).href;
  const examples = new Map(config.examples.map((e) => [e.name, e]));

  function fail(message) {
    body.dataset.state = "error";
    status.className = "error";
    status.textContent = message;
  }
  if (typeof Yasgui !== "function") {
    fail("The query editor did not load.");
    return;
  }

  // YASR's table column resizer adds <style> elements from script; give them the page's nonce, so
  // the policy needs no 'unsafe-inline' (markup injected into the page still gets no style element).
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const element = createElement.call(this, name, options);
    if (typeof name === "string" && name.toLowerCase() === "style") element.setAttribute("nonce", nonce);
    return element;
  };

  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;

  // The editor's syntax check knows the prefixes the endpoint predeclares, so cg:, org:… used
  // without a PREFIX line are not marked as errors (the check starts from these, as the server does).
  const sparqlMode = Yasqe.modes && Yasqe.modes.sparql11;
  if (sparqlMode) {
    Yasqe.defineMode("sparql11", function (options, modeOptions) {
      const mode = sparqlMode(options, modeOptions);
      const startState = mode.startState;
      mode.startState = function () {
        const state = startState.apply(this, arguments);
        state.prefixes = Object.assign({}, config.prefixes, state.prefixes);
        return state;
      };
      return mode;
    });
  }

  // Autocompletion without the network: the collabgraph prefixes (not YASQE's prefix.cc snapshot,
  // whose cg: or schema: differ from ours) and the variables of the query.
  const prefixLines = Object.entries(config.prefixes).map(([p, ns]) => p + ": <" + ns + ">").sort();
  Yasqe.forkAutocompleter("prefixes", { name: "collabgraphPrefixes", get: prefixLines, persistenceId: null }, false);
  Yasqe.defaults.autocompleters = ["collabgraphPrefixes", "variables"];
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.defaults.value = "# The collabgraph prefixes (cg:, cgr:, skos:, org: …) are predeclared.\n" +
    "SELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n} LIMIT 10";

  // Result tables: a collabgraph IRI links to this server's page about it, not to w3id.org.
  const Table = Yasr.plugins.table;
  const iriLink = Table.prototype.getUriLinkFromBinding;
  Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    const html = iriLink.call(this, binding, prefixes);
    if (!binding || typeof binding.value !== "string" || !binding.value.startsWith(config.idNamespace)) return html;
    const template = document.createElement("template");
    template.innerHTML = html;
    for (const a of template.content.querySelectorAll("a")) {
      a.href = describe + "?" + new URLSearchParams({ iri: binding.value });
      a.title = binding.value;
      a.classList.add("collabgraph");
    }
    return template.innerHTML;
  };

  // A graph (CONSTRUCT, DESCRIBE) is downloaded as the RDF the server sent, never as CSV.
  const graphTypes = /turtle|n-triples|n-quads|trig|ld\+json|rdf\+xml/;
  function isGraph(yasr) {
    return !!(yasr && yasr.results && graphTypes.test(yasr.results.getContentType() || ""));
  }
  const tableDownload = Table.prototype.download;
  Table.prototype.download = function (filename) {
    if (isGraph(this.yasr)) {
      const response = this.yasr.plugins.response;
      return response && response.download ? response.download(filename) : undefined;
    }
    return tableDownload.call(this, filename);
  };

  // Each tab's settings offer only the graph formats this endpoint sends and YASR can show
  // (YASGUI also lists CSV, TSV, TriG, N-Quads and RDF/JSON there), and its endpoint is this server.
  const graphAccept = ["text/turtle", "application/n-triples"];
  const tabDraw = Yasgui.Tab.prototype.draw;
  Yasgui.Tab.prototype.draw = function () {
    const fresh = !this.rootEl;
    tabDraw.call(this);
    if (!fresh || !this.rootEl) return;
    const graphSelect = this.rootEl.querySelectorAll(".acceptWrapper select")[1];
    if (graphSelect) {
      for (const option of Array.from(graphSelect.options)) {
        if (!graphAccept.includes(option.value)) option.remove();
      }
    }
    const input = this.rootEl.querySelector(".autocompleteWrapper input");
    if (input) {
      input.readOnly = true;
      input.title = "This page queries its own endpoint only";
    }
  };

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {
      endpoint: endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
    corsProxy: undefined,
    populateFromUrl: false,
    autoAddOnInit: false,
    copyEndpointOnNewTab: false,
    persistenceId: "collabgraph",
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    yasr: { prefixes: config.prefixes },
  });

  // Tabs kept in localStorage from an earlier visit query this server, wherever they pointed.
  function tabs() {
    return yasgui.persistentConfig.getTabs().map((id) => yasgui.getTab(id)).filter(Boolean);
  }
  for (const tab of tabs()) {
    if (tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
    if (!graphAccept.includes(tab.getRequestConfig().acceptHeaderGraph)) {
      tab.setRequestConfig({ acceptHeaderGraph: graphAccept[0] });
    }
  }

  function open(name, text) {
    const found = tabs().find((tab) => tab.getPersistedJson().yasqe.value === text && (!name || tab.getName() === name));
    if (found) {
      yasgui.selectTabId(found.getId());
      return yasgui.getTab(found.getId());
    }
    return yasgui.addTab(true, { name: yasgui.createTabName(name || undefined), yasqe: { value: text },
                                 requestConfig: { endpoint: endpoint } });
  }

  function showExample(tab) {
    const text = tab ? tab.getPersistedJson().yasqe.value : undefined;
    const named = tab ? examples.get(tab.getName()) : undefined;
    const shown = named && named.text === text ? named : config.examples.find((e) => e.text === text);
    about.textContent = shown ? shown.description : "";
    body.dataset.example = shown ? shown.name : "";
  }

  picker.addEventListener("change", () => {
    const example = examples.get(picker.value);
    if (example) showExample(open(example.name, example.text));
    picker.value = "";
  });
  yasgui.on("tabSelect", (instance, id) => showExample(yasgui.getTab(id)));
  yasgui.on("tabChange", (instance, tab) => { if (tab === yasgui.getTab()) showExample(tab); });

  // Links that ask the endpoint itself for the result, in the formats this kind of query comes in.
  const formats = {
    SELECT: ["json", "xml", "csv", "tsv"], ASK: ["json", "xml"],
    CONSTRUCT: ["ttl", "nt", "jsonld", "rdfxml"], DESCRIBE: ["ttl", "nt", "jsonld", "rdfxml"],
  };
  function links(query, kind) {
    downloads.replaceChildren();
    const offered = formats[kind] || [];
    if (!offered.length) return;
    downloads.append("From the endpoint: ");
    for (const format of offered) {
      const a = document.createElement("a");
      a.href = endpoint + "?" + new URLSearchParams({ query: query, format: format });
      a.textContent = format;
      a.dataset.format = format;
      downloads.append(a);
    }
  }

  yasgui.on("queryBefore", (instance, tab) => {
    body.dataset.state = "running";
    body.dataset.rows = "0";
    status.className = "";
    status.textContent = "Running…";
    downloads.replaceChildren();
  });
  yasgui.on("queryAbort", () => {
    body.dataset.state = "idle";
    status.textContent = "Stopped.";
  });
  yasgui.on("queryResponse", (instance, tab) => {
    const yasr = tab.getYasr();
    const yasqe = tab.getYasqe();
    if (!yasr) return;
    yasr.once("drawn", () => {
      const results = yasr.results;
      const kind = yasqe ? yasqe.getQueryType() : "";
      body.dataset.queryType = kind || "";
      if (!results || results.hasError()) {
        const error = results ? results.getError() : undefined;
        body.dataset.rows = "0";
        body.dataset.download = "none";
        fail("Error: " + ((error && error.text) || "the endpoint did not answer"));
        return;
      }
      const bindings = results.getBindings();
      const rows = bindings ? bindings.length : results.getBoolean() === undefined ? 0 : 1;
      const plugin = yasr.plugins[yasr.drawnPlugin];
      const info = plugin && plugin.download ? plugin.download() : undefined;
      body.dataset.rows = String(rows);
      body.dataset.download = info ? info.contentType : "none";
      body.dataset.state = "done";
      status.className = "";
      status.textContent = isGraph(yasr) ? "Graph result: " + rows + (rows === 1 ? " triple" : " triples")
        : results.getBoolean() !== undefined ? "ASK answered " + results.getBoolean()
        : rows + (rows === 1 ? " row" : " rows");
      if (yasqe) links(yasqe.getValue(), kind);
    });
  });

  // ?query=TEXT or ?example=NAME opens that query in a tab (an open tab holding it is reused);
  // &run=1 runs it. The address is cleaned afterwards, so a reload restores the tabs instead.
  const params = new URLSearchParams(window.location.search);
  let tab;
  if (params.get("query")) {
    tab = open("", params.get("query"));
  } else if (examples.has(params.get("example") || "")) {
    const example = examples.get(params.get("example"));
    tab = open(example.name, example.text);
  } else if (!tabs().length) {
    const example = examples.get(config.defaultExample);
    tab = example ? open(example.name, example.text) : yasgui.addTab(true);
  } else {
    tab = yasgui.getTab();
  }
  showExample(tab);
  const editor = tab ? tab.getYasqe() : undefined;
  body.dataset.autocompleters = editor ? Object.keys(editor.autocompleters).filter((k) => editor.autocompleters[k]).join(" ") : "";
  body.dataset.state = "idle";
  if (params.has("query") || params.has("example") || params.has("run")) {
    window.history.replaceState(null, "", window.location.pathname);
  }
  if (tab && ["1", "true", "yes"].includes(params.get("run"))) tab.query().catch(() => {});
})();
