// The losses, as expression trees exported by gdfig (gdfig/numerics/expr.py):
// checked first (known operations, numbers only), then evaluated and
// differentiated (forward mode) here, never compiled into code: a damaged or
// hostile export cannot run anything in the reader's browser.
const UNARY = new Set(["neg", "cos", "sin", "exp"]);
const BINARY = new Set(["+", "-", "*", "/"]);
const MAX_POWER = 64, MAX_NODES = 10000;

// Throws one sentence naming what is wrong; returns the tree when it is sound.
export function checkTree(tree, dims) {
  let nodes = 0;
  const walk = (node) => {
    if (++nodes > MAX_NODES) throw new Error(`the exported loss has more than ${MAX_NODES} operations`);
    if (!Array.isArray(node) || typeof node[0] !== "string") throw new Error("the exported loss has a node that is not an operation");
    const [op, a, b] = node;
    const arity = (n) => { if (node.length !== n) throw new Error(`'${op}' in the exported loss takes ${n - 1} argument(s)`); };
    if (op === "const") { arity(2); if (typeof a !== "number" || !Number.isFinite(a)) throw new Error("a constant of the exported loss is not a finite number"); return; }
    if (op === "var") { arity(2); if (!Number.isInteger(a) || a < 0 || a >= dims) throw new Error(`the exported loss uses a variable w${a} it does not have`); return; }
    if (op === "pow") { arity(3); if (!Number.isInteger(b) || b < 1 || b > MAX_POWER) throw new Error("a power of the exported loss is not a whole number from 1 to 64"); return walk(a); }
    if (UNARY.has(op)) { arity(2); return walk(a); }
    if (BINARY.has(op)) { arity(3); walk(a); return walk(b); }
    throw new Error(`the exported loss uses an unknown operation '${String(op).slice(0, 20)}'`);
  };
  walk(tree);
  return tree;
}

// dual(node, w) returns [value, gradient] for w an array of D numbers.
export function dual(node, w) {
  const op = node[0];
  if (op === "const") return [node[1], w.map(() => 0)];
  if (op === "var") return [w[node[1]], w.map((_, i) => (i === node[1] ? 1 : 0))];
  if (op === "pow") {
    const base = dual(node[1], w);
    let result = base;
    for (let k = 1; k < node[2]; k++) result = times(result, base); // as gdfig: repeated products
    return result;
  }
  const [a, da] = dual(node[1], w);
  if (op === "neg") return [-a, da.map((d) => -d)];
  if (op === "cos") return [Math.cos(a), da.map((d) => -Math.sin(a) * d)];
  if (op === "sin") return [Math.sin(a), da.map((d) => Math.cos(a) * d)];
  if (op === "exp") { const e = Math.exp(a); return [e, da.map((d) => e * d)]; }
  const right = dual(node[2], w);
  const [b, db] = right;
  if (op === "+") return [a + b, da.map((d, i) => d + db[i])];
  if (op === "-") return [a - b, da.map((d, i) => d - db[i])];
  if (op === "*") return times([a, da], right);
  if (op === "/") return [a / b, da.map((d, i) => d / b - (a * db[i]) / (b * b))];
  throw new Error(`unknown operation ${op} in an exported loss`);
}

function times([a, da], [b, db]) {
  return [a * b, da.map((d, i) => d * b + a * db[i])];
}

export const value = (tree, w) => dual(tree, w)[0];

// Values only, at many points (the 2D map's ~50,000 samples): the tree turned
// once into nested closures of (w0, w1), with no arrays per point. The same
// operations in the same order as dual(), so the same numbers.
export function valueFunction(node) {
  const [op, a, b] = node;
  if (op === "const") return () => a;
  if (op === "var") return a === 0 ? (w0) => w0 : (w0, w1) => w1;
  const f = valueFunction(a);
  if (op === "pow") return (w0, w1) => { const x = f(w0, w1); let r = x; for (let k = 1; k < b; k++) r *= x; return r; };
  if (op === "neg") return (w0, w1) => -f(w0, w1);
  if (op === "cos") return (w0, w1) => Math.cos(f(w0, w1));
  if (op === "sin") return (w0, w1) => Math.sin(f(w0, w1));
  if (op === "exp") return (w0, w1) => Math.exp(f(w0, w1));
  const g = valueFunction(b);
  if (op === "+") return (w0, w1) => f(w0, w1) + g(w0, w1);
  if (op === "-") return (w0, w1) => f(w0, w1) - g(w0, w1);
  if (op === "*") return (w0, w1) => f(w0, w1) * g(w0, w1);
  if (op === "/") return (w0, w1) => f(w0, w1) / g(w0, w1);
  throw new Error(`unknown operation ${op} in an exported loss`);
}

// The update w <- w - eta grad L(w), stopping where gdfig stops: a non-finite
// iterate, or one farther than `bound` from the origin.
// One walk of the tree per iterate gives both its value and the step's gradient.
export function descend(tree, w0, eta, steps, bound) {
  const iterates = [w0.slice()], values = [];
  let divergedAt = null;
  for (let t = 1; t <= steps; t++) {
    const last = iterates[iterates.length - 1];
    const [loss, grad] = dual(tree, last);
    values.push(loss);
    const w = last.map((x, i) => x - eta * grad[i]);
    const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    if (!w.every(Number.isFinite) || norm > bound) { divergedAt = t; break; }
    iterates.push(w);
  }
  if (values.length < iterates.length) values.push(value(tree, iterates[iterates.length - 1]));
  return { iterates, values, divergedAt };
}
