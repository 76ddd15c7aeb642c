import sys, re
log, pic = sys.argv[1], int(sys.argv[2])
lines = [l for l in open(log) if l.startswith('trace timeline')]
l = lines[pic]
head, rest = l.split(';', 1)
print(head)
rows = re.findall(r'r(\d+) ([-0-9. ]+?)(?= r\d+|$)', rest.strip())
print('row analysed settle decided ss_start ss_end settle_end')
for r, v in rows:
    print(r, v)
