import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

/** The demo game itself: one HTML page with a canvas game, made here rather than committed as a binary. */
function demoGameHtml(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="margin:0;background:#0b0b12;color:#fff;font-family:sans-serif;text-align:center">
<h1>${title}</h1><p>Arrow keys move the courier; collect the stars.</p>
<canvas id="c" width="320" height="240" style="background:#161626"></canvas>
<script>
const c=document.getElementById('c').getContext('2d');let x=160,y=120,s={x:40,y:40},n=0;
addEventListener('keydown',e=>{x+=(e.key==='ArrowRight')*8-(e.key==='ArrowLeft')*8;y+=(e.key==='ArrowDown')*8-(e.key==='ArrowUp')*8;});
(function f(){c.clearRect(0,0,320,240);c.fillStyle='#f59e0b';c.fillRect(s.x,s.y,8,8);c.fillStyle='#a78bfa';c.fillRect(x,y,12,12);
if(Math.abs(x-s.x)<12&&Math.abs(y-s.y)<12){n++;s={x:(n*97)%300,y:(n*53)%220};}c.fillText('stars '+n,8,12);requestAnimationFrame(f);})();
</script></body></html>
`;
}

/** A ZIP archive with its entries stored uncompressed, the format every platform opens. */
function storedZip(files: { name: string; bytes: Uint8Array }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const crc = crc32(file.bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.bytes.length, 18);
    local.writeUInt32LE(file.bytes.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(file.bytes.length, 20);
    central.writeUInt32LE(file.bytes.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(file.bytes));
    centrals.push(central, name);
    offset += 30 + name.length + file.bytes.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Writes the demo game's web build (a ZIP holding `index.html`) to `path`. The bytes depend only
 * on the title, so every start makes the same file and the hash on chain keeps matching it.
 *
 * @returns the file's bytes.
 */
export async function writeDemoBuild(path: string, title: string): Promise<Buffer> {
  const zip = storedZip([{ name: 'index.html', bytes: Buffer.from(demoGameHtml(title)) }]);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, zip);
  return zip;
}
