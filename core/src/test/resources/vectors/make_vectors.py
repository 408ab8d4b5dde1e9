# Generates the encoding test vectors with Python 2.7's json module, the encoder the reference
# Open Metadata library (0.5.8, Python 2) writes files with.
#   $(pyenv root)/versions/2.7.18/bin/python make_vectors.py
# floats.tsv: IEEE bits (hex) <TAB> json.dumps(value)
# strings.tsv: UTF-8 bytes of the string (hex) <TAB> json.dumps(value)
import json, random, struct

random.seed(13)

def bits(d):
    return '%016x' % struct.unpack('>Q', struct.pack('>d', d))[0]

floats = [0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.87, 3.0, 100.0, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5,
          0.0001, 0.00011, 1.5e-7, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
          1.7976931348623157e308, 0.30000000000000004, 9007199254740992.0, 9007199254740993.0,
          1e22, 1e23, 2e23, 123456789.123, 0.002, 4.35, 2.0 ** -1074, 2.0 ** 1023, 2.0 ** -1022,
          float('nan'), float('inf'), float('-inf')]
for e in range(-30, 31):
    floats.append(10.0 ** e)
    floats.append(1.5 * 10.0 ** e)
    floats.append(2.0 ** e)
for _ in range(6000):
    floats.append(struct.unpack('>d', struct.pack('>Q', random.getrandbits(64)))[0])
for _ in range(3000):
    floats.append(round(random.uniform(-1e6, 1e6), random.randint(0, 8)))
for _ in range(1000):
    floats.append(random.random() * 10.0 ** random.randint(-20, 20))
with open('floats.tsv', 'w') as out:
    for d in floats:
        if d != d and bits(d) != '7ff8000000000000':
            continue
        out.write('%s\t%s\n' % (bits(d), json.dumps(d)))

pool = [u'a', u'Z', u'0', u' ', u'"', u'\\', u'/', u'\n', u'\r', u'\t', u'\b', u'\f', u'\x00', u'\x01', u'\x1f',
        u'\x7f', u'\x80', u'\xe9', u'\xff', u'\u0100', u'\u2603', u'\ufeff', u'\uffff', u'\U0001f600', u'\U0010ffff']
strings = [u'', u'hello world', u'caf\xe9', u'smile \U0001f600', u'q"uote \\ back\nnew\ttab\r\b\f']
for _ in range(3000):
    n = random.randint(0, 12)
    s = u''
    for _ in range(n):
        if random.random() < 0.5:
            s += random.choice(pool)
        else:
            s += unichr(random.randint(0x20, 0x7e)) if random.random() < 0.7 else unichr(random.randint(0x80, 0xd7ff))
    strings.append(s)
with open('strings.tsv', 'w') as out:
    for s in strings:
        out.write('%s\t%s\n' % (s.encode('utf-8').encode('hex'), json.dumps(s)))
