// The try-it page served at GET /: drop a document, see its pages' text and the indicators found,
// before pointing MISP at the server. One self-contained HTML file, no build step; it calls /query
// with the `ocr_report` module, exactly as MISP would.

export const TRY_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>misp-ocr</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2330; }
  h1 { font-size: 1.4rem; margin-bottom: .2rem; }
  #drop { border: 2px dashed #8a94a6; border-radius: 8px; padding: 2.5rem; text-align: center; cursor: pointer; margin: 1rem 0; }
  #drop.over { background: #eef3ff; border-color: #3566d6; }
  #status { min-height: 1.5em; }
  .error { color: #b3261e; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
  th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #dde2ea; vertical-align: top; }
  td.value { font-family: ui-monospace, monospace; word-break: break-all; }
  pre { background: #f5f7fa; padding: .8rem; border-radius: 6px; white-space: pre-wrap; word-break: break-word; }
</style>
</head>
<body>
<h1>misp-ocr</h1>
<p>Drop a document (image, fax, scan, screenshot, PDF or plain text) to see what MISP would import from it.
The file goes to this server only.</p>
<label id="drop">Drop a file here, or click to choose one
  <input id="file" type="file" hidden>
</label>
<div id="status" role="status"></div>
<section id="result" hidden>
  <h2>Indicators <span id="count"></span></h2>
  <table id="indicators">
    <thead><tr><th>type</th><th>value</th><th>category</th><th>IDS</th><th>note</th></tr></thead>
    <tbody></tbody>
  </table>
  <h2>Text</h2>
  <div id="pages"></div>
</section>
<script>
const drop = document.getElementById('drop');
const input = document.getElementById('file');
const status = document.getElementById('status');

function show(message, isError) {
  status.textContent = message;
  status.className = isError ? 'error' : '';
}

function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

function render(results) {
  const body = document.querySelector('#indicators tbody');
  body.replaceChildren();
  const attributes = results.Attribute || [];
  for (const attribute of attributes) {
    const row = body.insertRow();
    cell(row, attribute.type);
    cell(row, attribute.value, 'value');
    cell(row, attribute.category);
    cell(row, attribute.to_ids ? 'yes' : 'no');
    cell(row, attribute.comment || '');
  }
  document.getElementById('count').textContent = '(' + attributes.length + ')';
  const report = (results.EventReport || [])[0];
  const pages = document.getElementById('pages');
  pages.replaceChildren();
  // The report is Markdown: a heading per page, then its text in a fenced block.
  for (const part of (report ? report.content : '').split(/^## /m).slice(1)) {
    const heading = document.createElement('h3');
    heading.textContent = part.slice(0, part.indexOf('\\n'));
    const text = document.createElement('pre');
    text.textContent = (part.match(/\`\`\`\\n([\\s\\S]*?)\\n?\`\`\`/) || ['', ''])[1];
    pages.append(heading, text);
  }
  document.getElementById('result').hidden = false;
}

async function read(file) {
  document.getElementById('result').hidden = true;
  show('Reading ' + file.name + '…');
  const started = performance.now();
  try {
    const response = await fetch('query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ module: 'ocr_report', filename: file.name, data: await base64Of(file) }),
    });
    const answer = await response.json();
    if (answer.error) return show(answer.error, true);
    render(answer.results);
    show(file.name + ' read in ' + ((performance.now() - started) / 1000).toFixed(1) + ' s.');
  } catch (error) {
    show('The server did not answer: ' + error, true);
  }
}

input.addEventListener('change', () => input.files[0] && read(input.files[0]));
drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer.files[0]) read(event.dataTransfer.files[0]);
});
</script>
</body>
</html>
`;
