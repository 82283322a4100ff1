#!/usr/bin/env python3
"""
Reads 附录 B「用地用海分类配色指引表」 of 《市级国土空间总体规划制图规范（试行）》 (自然资源部,
2021-03) from a PDF of the specification and prints code,name_in_spec,r,g,b rows — the
source of tests/fixtures/standards/ydyh-colours.csv, which the atlas's colour table
(src/data/land-sea-use-colours.ts) is tested against.

  python3 scripts/standards/extract-ydyh-colours.py spec.pdf 37 38 > ydyh-colours.csv

Poppler (Debian poppler-utils) does the reading: `pdftotext -bbox` gives the words with
their boxes, `pdftoppm` renders the pages. Each row's printed "RGB(r,g,b)" text is taken
as the value, and the colour swatch left of it is sampled from the rendering as a check;
a row whose swatch differs by more than 2 in any channel is reported on stderr (the copy
used in 2026 had one: 防护绿地, text 20,141,74, swatch 20,142,74 — the text is kept).

The copy read in 2026 (no official download is reachable from these machines): a PDF
re-exported with WPS on 2021-04-02, sha256 715dc5b2904ae12441d9d03e47e5183fb26015f2ac7ea92dc4d19baa61a91189,
from the public GitHub repository tinsei0321/emotion_map (docs/市级国土空间总体规划制图规范.pdf,
commit ee67276c2d3c950dcd6f29044fc5097628852c0e), appendix B on PDF pages 37–38 (printed 29–30).
Check it against an official copy before treating the colours as authoritative.

The spec names classes, not codes: the code column comes from CODES below (the 用地用海
分类 codes of the class names, as in src/analysis/review/class-names.ts).
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CODES = {
    '耕地': '01', '园地': '02', '林地': '03', '草地': '04', '湿地': '05', '农业设施建设用地': '06',
    '城镇住宅用地/城镇居住用地': '0701', '农村宅基地/农村居住用地': '0703',
    '机关团体用地': '0801', '科研用地': '0802', '文化用地': '0803', '教育用地': '0804', '体育用地': '0805',
    '医疗卫生用地': '0806', '社会福利用地': '0807', '商业服务业用地': '09',
    '工业用地': '1001', '采矿用地': '1002', '盐田用地': '1003', '仓储用地': '11', '储备库用地': '1102',
    '交通运输用地': '12', '公路用地': '1202', '城镇道路用地': '1207', '管道运输用地': '1205',
    '公用设施用地': '13', '公园绿地': '1401', '防护绿地': '1402', '广场用地': '1403', '特殊用地': '15',
    '留白用地': '16', '陆地水域': '17', '渔业用海': '18', '工矿通信用海': '19', '交通运输用海': '20',
    '游憩用海': '21', '特殊用海': '22', '其他土地': '23', '其他海域': '24',
}
DPI = 150
SCALE = DPI / 72


def read_ppm(path: Path):
    data = path.read_bytes()
    header = re.match(rb'P6\s+(\d+)\s+(\d+)\s+(\d+)\s', data)
    if not header:
        sys.exit(f'{path}: not a binary PPM')
    return int(header.group(1)), int(header.group(2)), data[header.end():]


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit('usage: extract-ydyh-colours.py SPEC.pdf FIRST_PAGE LAST_PAGE')
    pdf, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for page in range(first, last + 1):
            words_html = subprocess.run(['pdftotext', '-bbox', '-f', str(page), '-l', str(page), pdf, '-'], check=True, capture_output=True, text=True).stdout
            prefix = Path(work) / f'p{page}'
            subprocess.run(['pdftoppm', '-r', str(DPI), '-f', str(page), '-l', str(page), '-singlefile', pdf, str(prefix)], check=True)
            width, _, pixels = read_ppm(prefix.with_suffix('.ppm'))
            words = [(float(x0), float(y0), float(x1), float(y1), text) for x0, y0, x1, y1, text in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', words_html)]
            # A row: its "RGB(…)" word, and the class name: the words left of the swatch column on the same line.
            for x0, y0, x1, y1, text in words:
                value = re.match(r'RGB\s*[（(]\s*(\d+)\s*[,，]\s*(\d+)\s*[,，]\s*(\d+)', text)
                if not value:
                    continue
                middle = (y0 + y1) / 2
                name = ''.join(word[4] for word in sorted(words) if abs((word[1] + word[3]) / 2 - middle) < 4 and word[2] < x0 - 100)
                x, y = int((x0 - 60) * SCALE), int(middle * SCALE)
                swatch = tuple(pixels[(y * width + x) * 3:(y * width + x) * 3 + 3])
                printed = tuple(int(v) for v in value.groups())
                if max(abs(a - b) for a, b in zip(printed, swatch)) > 2:
                    print(f'page {page}: {name}: text {printed}, swatch {swatch}', file=sys.stderr)
                if name not in CODES:
                    sys.exit(f'page {page}: class name {name!r} has no code in CODES')
                rows.append((CODES[name], name, *printed))
    print('code,name_in_spec,r,g,b')
    for row in rows:
        print(','.join(str(part) for part in row))


if __name__ == '__main__':
    main()
