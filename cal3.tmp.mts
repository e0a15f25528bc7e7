import { parseMarkdownBody } from './lib/content/parse-markdown-body.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function time(name: string, text: string) {
  const t = cpu();
  const r = parseMarkdownBody(text);
  console.log(name, text.length, Math.round(cpu() - t), 'ms cpu', r.fallback ? 'FALLBACK' : '');
}
time('warm', 'a *b* [c](d)\n\n- x\n- y\n');
for (const n of [1600, 3200, 6400]) time(`list flat x${n}`, ('- a b c d\n').repeat(n));
for (const n of [1600, 3200, 6400]) time(`list loose x${n}`, ('- a b c d\n\n').repeat(n));
for (const n of [1600, 3200]) time(`olist x${n}`, ('1. a b c d\n').repeat(n));
for (const n of [2000, 4000]) time(`para x${n}`, 'Hello world, this is a normal paragraph with *some* emphasis and a [link](http://x.y/).\n\n'.repeat(n));
