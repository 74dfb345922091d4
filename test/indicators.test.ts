// The indicator extractor, table-driven: every kind, every defang style, every OCR repair, and a
// negative case for every precision guard. Each row is text in, exactly the indicators out
// ("type value", in order of appearance); a value marked with "~" must be reported as repaired.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractIndicators, prepareText } from '../src/indicators/index.ts';

type Row = [text: string, expected: string[]];

const HASH_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const HASH_SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const HASH_SHA224 = 'd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f';
const HASH_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HASH_SHA384 = '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b';
const HASH_SHA512 =
  'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';

const KINDS: Record<string, Row[]> = {
  ipv4: [
    ['C2 at 185.220.101.47 today', ['ip-dst 185.220.101.47']],
    ['198.51.100.7', ['ip-dst 198.51.100.7']],
    ['(203.0.113.9)', ['ip-dst 203.0.113.9']],
    ['"192.0.2.1"', ['ip-dst 192.0.2.1']],
    ['seen from 10.0.0.1, 10.0.0.2 and 10.0.0.3.', ['ip-dst 10.0.0.1', 'ip-dst 10.0.0.2', 'ip-dst 10.0.0.3']],
    ['0.0.0.0 and 255.255.255.255', ['ip-dst 0.0.0.0', 'ip-dst 255.255.255.255']],
    ['| ipv4 | 149.42.249.182 |', ['ip-dst 149.42.249.182']],
    ['ip=8.8.8.8;', ['ip-dst 8.8.8.8']],
    ['range 10.0.0.0/8 is internal', ['ip-dst 10.0.0.0/8']],
    ['block 203.0.113.0/24.', ['ip-dst 203.0.113.0/24']],
    ['listens on 198.51.100.23:8080', ['ip-dst|port 198.51.100.23|8080']],
    ['198.51.100.23:443, then 198.51.100.24:22', ['ip-dst|port 198.51.100.23|443', 'ip-dst|port 198.51.100.24|22']],
    ['the same 1.2.3.4 and 1.2.3.4 again', ['ip-dst 1.2.3.4']],
  ],
  ipv6: [
    ['AAAA 2001:db8::1 seen', ['ip-dst 2001:db8::1']],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', ['ip-dst 2001:db8::ff00:42:8329']],
    ['fe80::1ff:fe23:4567:890a', ['ip-dst fe80::1ff:fe23:4567:890a']],
    ['prefix 2001:db8::/32', ['ip-dst 2001:db8::/32']],
    ['::ffff:192.0.2.128', ['ip-dst ::ffff:c000:280']],
    ['2001:DB8::ABCD', ['ip-dst 2001:db8::abcd']],
  ],
  domain: [
    ['resolves evil-update.com daily', ['domain evil-update.com']],
    ['mail.evil-update.com', ['hostname mail.evil-update.com']],
    ['a.b.c.example.org', ['hostname a.b.c.example.org']],
    ['example.co.uk is a registrable domain', ['domain example.co.uk']],
    ['shop.example.co.uk', ['hostname shop.example.co.uk']],
    ['new gTLDs: quartz-delta33.xyz and orbit.top', ['domain quartz-delta33.xyz', 'domain orbit.top']],
    ['EVIL-UPDATE.COM in capitals', ['domain evil-update.com']],
    ['xn--80ak6aa92e.com', ['domain xn--80ak6aa92e.com']],
    ['we saw (evil.ru).', ['domain evil.ru']],
    ['"cdn.evil.io"', ['hostname cdn.evil.io']],
    ['evil.com:443', ['domain evil.com']],
    ['| domain | cipher-cipher57.biz |', ['domain cipher-cipher57.biz']],
  ],
  url: [
    ['get http://evil.com/payload.bin now', ['url http://evil.com/payload.bin']],
    ['https://evil.example.com/a/b?c=d&e=f#g', ['url https://evil.example.com/a/b?c=d&e=f#g']],
    ['HTTPS://EVIL.COM/Path', ['url https://evil.com/Path']],
    ['ftp://files.evil.net/x.zip', ['url ftp://files.evil.net/x.zip']],
    ['http://198.51.100.7:8080/gate.php', ['url http://198.51.100.7:8080/gate.php']],
    ['(see http://evil.com/x)', ['url http://evil.com/x']],
    ['[click](https://evil.com/a)', ['url https://evil.com/a']],
    ['https://en.wikipedia.org/wiki/Foo_(bar)', ['url https://en.wikipedia.org/wiki/Foo_(bar)']],
    ['visit https://evil.com/login.', ['url https://evil.com/login']],
    ['github.com/MISP/MISP is a path', ['url github.com/MISP/MISP']],
    ['tcp://198.51.100.7:4444', ['url tcp://198.51.100.7:4444']],
    ['https://evil.com/?q=1, and more', ['url https://evil.com/?q=1']],
  ],
  email: [
    ['contact john.doe@evil-mail.ru please', ['email-src john.doe@evil-mail.ru']],
    ['From: Attacker <BOSS@Evil.com>', ['email-src boss@evil.com']],
    ['a+tag@sub.example.org', ['email-src a+tag@sub.example.org']],
    ['reply to phish_kit@bad-domain.xyz.', ['email-src phish_kit@bad-domain.xyz']],
  ],
  hashes: [
    [`md5 ${HASH_MD5}`, [`md5 ${HASH_MD5}`]],
    [`sha1 ${HASH_SHA1}`, [`sha1 ${HASH_SHA1}`]],
    [`sha224 ${HASH_SHA224}`, [`sha224 ${HASH_SHA224}`]],
    [`sha256 ${HASH_SHA256}`, [`sha256 ${HASH_SHA256}`]],
    [`sha384 ${HASH_SHA384}`, [`sha384 ${HASH_SHA384}`]],
    [`sha512 ${HASH_SHA512}`, [`sha512 ${HASH_SHA512}`]],
    [HASH_MD5.toUpperCase(), [`md5 ${HASH_MD5}`]],
    [`| md5 | ${HASH_MD5} |`, [`md5 ${HASH_MD5}`]],
    [`hash=${HASH_SHA256};`, [`sha256 ${HASH_SHA256}`]],
    [`${HASH_MD5}, ${HASH_SHA1}`, [`md5 ${HASH_MD5}`, `sha1 ${HASH_SHA1}`]],
  ],
  ssdeep: [
    ['ssdeep 96:s4Ud1Lj96tHHlZDrwciQmA5kfSEOJx3Iq:BUd1LG9HHlVUciQmA5kfSEOJx3Iq', ['ssdeep 96:s4Ud1Lj96tHHlZDrwciQmA5kfSEOJx3Iq:BUd1LG9HHlVUciQmA5kfSEOJx3Iq']],
    ['3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C', ['ssdeep 3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']],
  ],
  cve: [
    ['Patch CVE-2023-29486 now', ['vulnerability CVE-2023-29486']],
    ['cve-2021-44228', ['vulnerability CVE-2021-44228']],
    ['CVE-2014-0160.', ['vulnerability CVE-2014-0160']],
    ['CVE-2024-1234567', ['vulnerability CVE-2024-1234567']],
    ['(CVE-2017-0144, CVE-2017-0145)', ['vulnerability CVE-2017-0144', 'vulnerability CVE-2017-0145']],
  ],
  asn: [
    ['hosted in AS13335', ['AS AS13335']],
    ['ASN 16509 announces it', ['AS AS16509']],
    ['AS-64512', ['AS AS64512']],
  ],
  btc: [
    ['pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa now', ['btc 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa']],
    ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', ['btc 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy']],
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', ['btc bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']],
  ],
  filename: [
    ['dropped invoice.exe in temp', ['filename invoice.exe']],
    ['C:\\Users\\Public\\svchost.exe', ['filename C:\\Users\\Public\\svchost.exe']],
    ['report.pdf.exe', ['filename report.pdf.exe']],
    ['loader.dll and stage2.ps1', ['filename loader.dll', 'filename stage2.ps1']],
    ['the macro in Invoice_2026.docm', ['filename Invoice_2026.docm']],
  ],
  'filename|hash': [
    [`| dropper.exe | ${HASH_MD5} |`, [`filename|md5 dropper.exe|${HASH_MD5}`]],
    [`| update.dll | ${HASH_SHA256} |`, [`filename|sha256 update.dll|${HASH_SHA256}`]],
    [`| a.exe | ${HASH_SHA1} |\n| b.dll | ${HASH_MD5} |`, [`filename|sha1 a.exe|${HASH_SHA1}`, `filename|md5 b.dll|${HASH_MD5}`]],
  ],
  regkey: [
    ['HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater', ['regkey HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater']],
    ['HKEY_CURRENT_USER\\Software\\Evil.', ['regkey HKEY_CURRENT_USER\\Software\\Evil']],
    ['HKCU\\Environment\\UserInitMprLogonScript', ['regkey HKCU\\Environment\\UserInitMprLogonScript']],
  ],
};

const DEFANGS: Row[] = [
  ['evil[.]com', ['domain evil.com']],
  ['evil(.)com', ['domain evil.com']],
  ['evil{.}com', ['domain evil.com']],
  ['evil<.>com', ['domain evil.com']],
  ['evil[dot]com', ['domain evil.com']],
  ['evil(dot)com', ['domain evil.com']],
  ['evil{dot}com', ['domain evil.com']],
  ['evil[DOT]com', ['domain evil.com']],
  ['evil [.] com', ['domain evil.com']],
  ['evil\\.com', ['domain evil.com']],
  ['evil[.com', ['domain evil.com']],
  ['evil.]com', ['domain evil.com']],
  ['evil-dot-com', ['domain evil.com']],
  ['hxxp://evil[.]com/path', ['url http://evil.com/path']],
  ['hXXps://evil[.]example[.]com/a.php', ['url https://evil.example.com/a.php']],
  ['HXXP://EVIL[.]COM/x', ['url http://evil.com/x']],
  ['hxtp://evil.com/a', ['url http://evil.com/a']],
  ['htxp://evil.com/a', ['url http://evil.com/a']],
  ['h**p://evil.com/a', ['url http://evil.com/a']],
  ['h__ps://evil.com/a', ['url https://evil.com/a']],
  ['meow://evil.com/a', ['url http://evil.com/a']],
  ['fxp://files.evil.com/x', ['url ftp://files.evil.com/x']],
  ['http[:]//evil.com/a', ['url http://evil.com/a']],
  ['https[://]evil.com/a', ['url https://evil.com/a']],
  ['http(:)//evil.com/a', ['url http://evil.com/a']],
  ['https://evil.com[/]a', ['url https://evil.com/a']],
  ['user[@]evil[.]com', ['email-src user@evil.com']],
  ['user[at]evil[.]com', ['email-src user@evil.com']],
  ['user(at)evil(dot)com', ['email-src user@evil.com']],
  ['user{at}evil.com', ['email-src user@evil.com']],
  ['user [at] evil [dot] com', ['email-src user@evil.com']],
  ['1.2.3[.]4', ['ip-dst 1.2.3.4']],
  ['1[.]2[.]3[.]4:8080', ['ip-dst|port 1.2.3.4|8080']],
  ['134(.)53(.)147(.)131', ['ip-dst 134.53.147.131']],
  ['10[.]0[.]0[.]0/8', ['ip-dst 10.0.0.0/8']],
  ['hxxps[:]//quartz-onyx96[.]info/delta?id=893', ['url https://quartz-onyx96.info/delta?id=893']],
  ['signal-ledger84(dot)org', ['domain signal-ledger84.org']],
  ['beacon-bravo29{.}ru', ['domain beacon-bravo29.ru']],
  ['C2 at evil[.]com today', ['domain evil.com']],
];

/** OCR slips the extractor repairs; "~" marks the values that must say they were repaired. */
const REPAIRS: Row[] = [
  [`md5 d41d8cd98f0Ob204e9800998ecf8427e`, [`~md5 ${HASH_MD5}`]],
  [`md5 d4ld8cd98f00b204e9800998ecf8427e`, [`~md5 ${HASH_MD5}`]],
  [`md5 d41d8cd98fOOb2O4e98OO998ecf8427e`, [`~md5 ${HASH_MD5}`]],
  [`sha256 e3b0c44298fc1c149afbf4c8996fb924 27ae41e4649b934ca495991b7852b855`, [`~sha256 ${HASH_SHA256}`]],
  [`sha256 e3b0c44298fc1c149afbf4c8996fb924\n27ae41e4649b934ca495991b7852b855`, [`~sha256 ${HASH_SHA256}`]],
  [`SHA-1: da39a3ee5e6b4b0d3255 bfef95601890afd80709`, [`~sha1 ${HASH_SHA1}`]],
  [`e3b0c44298fc1c149afbf4c8996fb92427ae41e4 649b934ca495991b7852b855`, [`~sha256 ${HASH_SHA256}`]],
  [`hash e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85S`, [`~sha256 ${HASH_SHA256}`]],
  ['192.168.l.10', ['~ip-dst 192.168.1.10']],
  ['1O.0.0.5', ['~ip-dst 10.0.0.5']],
  ['C2: 185.220. 101.47', ['~ip-dst 185.220.101.47']],
  ['C2: 185.220 .101.47', ['~ip-dst 185.220.101.47']],
  ['185,220,101,47', ['~ip-dst 185.220.101.47']],
  ['185.220,101.47', ['~ip-dst 185.220.101.47']],
  ['CVE-2O21-44228', ['~vulnerability CVE-2021-44228']],
  ['CVE-202l-44228', ['~vulnerability CVE-2021-44228']],
  ['CVE 2021-44228', ['~vulnerability CVE-2021-44228']],
  ['CVE - 2021 - 44228', ['~vulnerability CVE-2021-44228']],
  ['Patch CVI-2023-8504 immediately', ['~vulnerability CVE-2023-8504']],
  ['CYE-2021-44228 and GVE-2021-44229', ['~vulnerability CVE-2021-44228', '~vulnerability CVE-2021-44229']],
  ['CVE\u20132021\u201344228', ['vulnerability CVE-2021-44228']],
  ['CVE\u20142021\u201444228', ['vulnerability CVE-2021-44228']],
  ['evil\u3002com', ['domain evil.com']],
  ['evil\uFF0Ecom', ['domain evil.com']],
  ['ev\u200Bil.com', ['domain evil.com']],
  ['\uFEFFevil.com', ['domain evil.com']],
  ['\u201Cevil.com\u201D', ['domain evil.com']],
  ['ｅｖｉｌ．ｃｏｍ', ['domain evil.com']],
  ['https://evil.com/very/long/path/\nthat-goes-on.php', ['~url https://evil.com/very/long/path/that-goes-on.php']],
  ['hxxps l:]//evil[.]com/a', ['~url https://evil.com/a']],
  ['hxxpsl[:]//quartz-onyx96[.]info/delta', ['~url https://quartz-onyx96.info/delta']],
  ['evil|[.]com', ['~domain evil.com']],
  ['evil[.1biz', ['~domain evil.biz']],
  ['evil(dot}com', ['~domain evil.com']],
  ['user(at]evil.com', ['~email-src user@evil.com']],
  ['userlat]evil.com', ['~email-src user@evil.com']],
  ['summit-pioneer4d[.]co[.]Juk/summit?id=709', ['~url summit-pioneer4d.co.uk/summit?id=709']],
  ['hxxpsl:]//falcon-meridian57[.Ibiz/vector?id=756', ['~url https://falcon-meridian57.biz/vector?id=756']],
  ['hxxps[:J/lattice-meridian38[Jco[Juk/orbit?id=690', ['~url https://lattice-meridian38.co.uk/orbit?id=690']],
  ['hxxps[://pioneer-nimbus40[]xyz/pioneer?id=873', ['~url https://pioneer-nimbus40.xyz/pioneer?id=873']],
  ['| domain | alpha-lattice40{}top |', ['~domain alpha-lattice40.top']],
  ['| domain | alpha-lattice40{ }top |', ['~domain alpha-lattice40.top']],
  ['C2 host: onyx-jasper98|.Jinfo', ['~domain onyx-jasper98.info']],
  ['C2 host: kelp-ember28].]org', ['~domain kelp-ember28.org']],
  ['C2 host: kelp-ember28|.]org', ['~domain kelp-ember28.org']],
  // Found by the idempotency property: a misread bracket taken away leaves "hxxp" at a word's start.
  ['see evil{.1hxxp://evil.com/a', ['url http://evil.com/a']],
  ['| domain | alpha-signal9{Jorg |', ['~domain alpha-signal9.org']],
  ['| domain | alpha-signal9{.Jorg |', ['~domain alpha-signal9.org']],
  ['| domain | alpha-lattice40{ Jtop |', ['~domain alpha-lattice40.top']],
  ['payload at evil(.Jcom', ['~domain evil.com']],
  ['deltalat]bravo-delta98.biz', ['~email-src delta@bravo-delta98.biz']],
  ['cobaltfat]cobalt-signal63.info', ['~email-src cobalt@cobalt-signal63.info']],
  ['cobalt|at]summit-summit19.biz', ['~email-src cobalt@summit-summit19.biz']],
  ['evil[.info and evil[.jp', ['domain evil.info', 'domain evil.jp']],
  ['105(,)34(.,)150(.)198', ['~ip-dst 105.34.150.198']],
  ['cipher-cipher57{,}biz', ['~domain cipher-cipher57.biz']],
];

/** Precision guards: text that looks like an indicator and is not. */
const NEGATIVES: Row[] = [
  ['version 1.2.3.4 released', []],
  ['v1.2.3.4', []],
  ['ver. 10.0.19041.1', []],
  ['build 2023.10.11.12 is out', []],
  ['1.2.3.4.5', []],
  ['256.1.1.1', []],
  ['1.2.3', []],
  ['01.02.03.04', []],
  ['items 1, 2, 3, 4 and 5', []],
  ['on 2018-08-21 at 12:30:45', []],
  ['ratio 12:34:56', []],
  [`0x${HASH_MD5}`, []],
  ['0xdeadbeefdeadbeefdeadbeefdeadbeef', []],
  ['run.sh', ['filename run.sh']],
  ['notes.md and main.py', ['filename main.py']],
  ['invoice.zip', ['filename invoice.zip']],
  ['e.g. this, i.e. that', []],
  ['the end.Next sentence', []],
  ['- [ ] review the logs', []],
  ['call main( )now', []],
  ['See Fig.Two below', []],
  ['It ends here. Then', []],
  ['file.txt', []],
  ['foo.localdomain', []],
  ['server.internal', []],
  ['user@localhost', []],
  ['CVE-1888-1234', []],
  ['CVE-2021-12', []],
  ['CVI 2021 44228', []],
  ['AS0', []],
  ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', []],
  ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr', []],
  ['Deface the collided facade', []],
  [`${HASH_MD5}a`, []],
  ['abcdefabcdefabcdefabcdefabcdefab', []],
  ['[link](#section-2)', []],
  ['**bold** and _italic_', []],
  ['a [.] b', []],
  ['http://localhost/admin', []],
  ['mailto: nobody', []],
  ['3.14159 and 2.71828', []],
  ['price 1,234,567,890', []],
  ['f(,)g and a[,]b', []],
  ['phone +1 555 0100', []],
  ['IS.OS.ID.OD', []],
  ['windows.Forms', []],
];

const toRows = (indicators: ReturnType<typeof extractIndicators>) =>
  indicators.map((i) => `${i.repairs.length ? '~' : ''}${i.type} ${i.value}`);

/** Repair marks are asserted only where the table gives them: a row without "~" allows none. */
function check([text, expected]: Row) {
  const found = extractIndicators(text);
  assert.deepEqual(toRows(found), expected, `in ${JSON.stringify(text)}`);
}

describe('indicator extraction', () => {
  for (const [kind, rows] of Object.entries(KINDS)) {
    describe(kind, () => {
      for (const row of rows) it(JSON.stringify(row[0]).slice(0, 90), () => check(row));
    });
  }
  describe('defanging', () => {
    for (const row of DEFANGS) it(JSON.stringify(row[0]), () => check(row));
  });
  describe('OCR repairs', () => {
    for (const row of REPAIRS) it(JSON.stringify(row[0]).slice(0, 90), () => check(row));
  });
  describe('precision guards', () => {
    for (const row of NEGATIVES) it(JSON.stringify(row[0]).slice(0, 90), () => check(row));
  });
});

describe('indicator details', () => {
  it('types values the way MISP does, with alternatives, category and IDS flag', () => {
    const [ip, domain, md5, cve] = extractIndicators(`185.220.101.47 evil.com ${HASH_MD5} CVE-2021-44228`);
    assert.deepEqual(ip.types, ['ip-dst', 'ip-src', 'ip-src/ip-dst']);
    assert.equal(ip.category, 'Network activity');
    assert.equal(ip.to_ids, true);
    assert.deepEqual(domain.types, ['domain', 'hostname']);
    assert.deepEqual(md5.types.slice(0, 2), ['md5', 'imphash']);
    assert.equal(md5.category, 'Payload delivery');
    assert.equal(cve.category, 'External analysis');
    assert.equal(cve.to_ids, false);
  });

  it('keeps where each value was found, page and line, and points back at the raw text', () => {
    const text = 'intro\nC2 evil[.]com\n\n--- page 2 ---\n\nagain evil(.)com and 1.2.3.4';
    const [domain, ip] = extractIndicators(text);
    assert.deepEqual(
      domain.occurrences.map((o) => [o.page, o.line, o.raw]),
      [[1, 2, 'evil[.]com'], [2, 1, 'evil(.)com']],
    );
    assert.equal(text.slice(domain.occurrences[0].start, domain.occurrences[0].end), 'evil[.]com');
    assert.equal(domain.comment, 'Found on page 1 line 2, page 2 line 1');
    assert.deepEqual([ip.occurrences[0].page, ip.occurrences[0].line], [2, 1]);
  });

  it('reads a long document: a text of a hundred pages, with its indicators at the end pointing back right', () => {
    const page = 'The quick brown fox jumps over the lazy dog, page after page of report text.\n'.repeat(60);
    const text = `${Array.from({ length: 100 }, () => page).join('\n--- page ---\n')}C2 evil[.]com`;
    assert.ok(text.length > 400_000);
    const [domain] = extractIndicators(text);
    assert.equal(domain.value, 'evil.com');
    assert.equal(text.slice(domain.occurrences[0].start, domain.occurrences[0].end), 'evil[.]com');
  });
  it('says what was repaired, lowers the confidence and keeps repaired values away from IDS', () => {
    const [clean] = extractIndicators('185.220.101.47');
    const [repaired] = extractIndicators('185.220.lO1.47');
    assert.equal(repaired.value, '185.220.101.47');
    assert.ok(repaired.confidence < clean.confidence);
    assert.equal(repaired.to_ids, false);
    assert.match(repaired.comment, /OCR repaired \(look-alike letters read as digits\) from "185\.220\.lO1\.47"/);
  });

  it('lets a clean reading of a value win over a repaired one', () => {
    const [ip] = extractIndicators('185.220.lO1.47 and later 185.220.101.47');
    assert.deepEqual(ip.repairs, []);
    assert.equal(ip.to_ids, true);
    assert.equal(ip.occurrences.length, 2);
  });

  it('takes the OCR engine\'s word confidences into account', () => {
    const text = 'C2 evil.com here';
    const [sure] = extractIndicators(text, { confidences: [{ start: 3, end: 11, confidence: 0.96 }] });
    const [unsure] = extractIndicators(text, { confidences: [{ start: 3, end: 11, confidence: 0.41 }] });
    assert.equal(sure.confidence, 0.95);
    assert.equal(unsure.confidence, 0.41);
  });

  it('says so when the engine\'s first reading of a value was overruled by a second look', () => {
    const [hash] = extractIndicators(`md5 ${HASH_MD5}`, { confidences: [{ start: 4, end: 36, confidence: 0.62, revised: true }] });
    assert.deepEqual(hash.repairs, ['characters settled by reading the word again']);
    assert.equal(hash.to_ids, false);
    assert.equal(hash.confidence, 0.6);
    assert.match(hash.comment, /OCR repaired \(characters settled by reading the word again\)/);
  });

  it('leaves misread domains alone: look-alike letters in a domain may be a typosquat', () => {
    assert.deepEqual(toRows(extractIndicators('paypa1.com and rnicrosoft.com')), ['domain paypa1.com', 'domain rnicrosoft.com']);
  });
});

describe('extractor properties', () => {
  it('never throws on random text, and every occurrence points inside the text', () => {
    const alphabet = fc.constantFrom(...'abcdef0123456789.:/[]()@ -_\n|,lIOoShxtpsCVE'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: alphabet, maxLength: 300 })), (text) => {
        for (const indicator of extractIndicators(text)) {
          assert.ok(indicator.value.length > 0);
          for (const o of indicator.occurrences) assert.ok(o.start >= 0 && o.end <= text.length && o.start < o.end);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('refanging is idempotent: refanged text refangs to itself', () => {
    const defanged = fc.constantFrom('[.]', '(.)', '{.}', '[dot]', '(dot)', 'hxxp://', 'hXXps://', '[:]', '[at]', '[@]', '.', ' ', 'a', '1', 'evil', 'com');
    fc.assert(
      fc.property(fc.array(defanged, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        const once = prepareText(text).text;
        assert.equal(prepareText(once).text, once);
      }),
      { numRuns: 400 },
    );
  });

  it('finds an address wherever it sits among random words', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.lorem({ maxCount: 5 }), fc.lorem({ maxCount: 5 }), (ip, before, after) => {
        const found = extractIndicators(`${before} ${ip} ${after}`).map((i) => i.value);
        assert.ok(found.includes(ip), `${ip} not in ${JSON.stringify(found)}`);
      }),
      { numRuns: 300 },
    );
  });
});
