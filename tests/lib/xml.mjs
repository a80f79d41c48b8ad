// A small strict XML reader for tests of XML answers (Open311): the XML
// declaration, elements without attributes, character data with the five
// predefined entities and numeric references. Anything else (attributes,
// comments, CDATA, a stray '<' or '&', mismatched or unclosed tags, text
// outside the root) throws, so a test that parses an answer also proves it is
// well-formed.
//
//   const root = parseXml(text);   // { name, children: [...], text }
//   plain(root)                     // elements as objects, lists as arrays

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/;

function decode(text, at) {
  return text.replace(/&([^;]*);?/g, (m, ref) => {
    if (!m.endsWith(';')) throw new Error(`bare '&' near offset ${at}`);
    if (ref === 'amp') return '&';
    if (ref === 'lt') return '<';
    if (ref === 'gt') return '>';
    if (ref === 'quot') return '"';
    if (ref === 'apos') return "'";
    const num = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(ref);
    if (num) return String.fromCodePoint(num[1][0] === 'x' ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10));
    throw new Error(`unknown entity &${ref}; near offset ${at}`);
  });
}

export function parseXml(source) {
  let s = source;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n?/.exec(s);
  if (!decl) throw new Error('missing XML declaration with encoding="UTF-8"');
  let i = decl[0].length;
  const stack = [];
  let root = null;
  while (i < s.length) {
    if (s[i] === '<') {
      if (s[i + 1] === '/') {
        const m = NAME.exec(s.slice(i + 2));
        if (!m || s[i + 2 + m[0].length] !== '>') throw new Error(`malformed end tag at ${i}`);
        const open = stack.pop();
        if (!open || open.name !== m[0]) throw new Error(`</${m[0]}> does not close <${open?.name}> at ${i}`);
        i += 3 + m[0].length;
        continue;
      }
      const m = NAME.exec(s.slice(i + 1));
      if (!m) throw new Error(`malformed tag at ${i}`);
      const after = i + 1 + m[0].length;
      const selfClosing = s.startsWith('/>', after);
      if (!selfClosing && s[after] !== '>') throw new Error(`attributes or junk in <${m[0]}> at ${i}`);
      const node = { name: m[0], children: [], text: '' };
      if (stack.length) stack[stack.length - 1].children.push(node);
      else if (root) throw new Error('a second root element');
      else root = node;
      if (!selfClosing) stack.push(node);
      i = after + (selfClosing ? 2 : 1);
      continue;
    }
    const next = s.indexOf('<', i);
    const end = next === -1 ? s.length : next;
    const raw = s.slice(i, end);
    if (raw.includes('>')) throw new Error(`unescaped '>' in text at ${i}`);
    if (stack.length) {
      stack[stack.length - 1].text += decode(raw, i);
    } else if (raw.trim() !== '') {
      throw new Error(`text outside the root element at ${i}`);
    }
    i = end;
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}

// Elements with children become objects (repeated names: arrays of `listItem`
// children become arrays); leaves become their text.
export function plain(node, lists = ['services', 'service_requests', 'errors', 'attributes', 'values', 'endpoints', 'formats']) {
  if (lists.includes(node.name)) return node.children.map((c) => plain(c, lists));
  if (node.children.length === 0) return node.text;
  const out = {};
  for (const c of node.children) {
    if (c.name in out) throw new Error(`repeated <${c.name}> in <${node.name}>`);
    out[c.name] = plain(c, lists);
  }
  return out;
}
