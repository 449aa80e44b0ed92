#!/usr/bin/env python3
"""Lists functions over 80 lines (before a file's #[cfg(test)]) in src/: the
restructure issue's rule is none without a reason in its doc comment.

    python3 scripts/long_functions.py
"""
import glob
import re
for f in glob.glob('src/**/*.rs',recursive=True):
    lines=open(f).read().split('\n')
    # stop at tests
    end=len(lines)
    for i,l in enumerate(lines):
        if l.startswith('#[cfg(test)]'): end=i;break
    i=0
    while i<end:
        m=re.match(r'^(\s*)(pub(\([^)]*\))? )?(async )?fn (\w+)',lines[i])
        if m and not lines[i].rstrip().endswith(';'):
            ind=m.group(1); name=m.group(5)
            # find closing brace at same indentation
            j=i+1
            while j<end and lines[j]!=ind+'}': j+=1
            n=j-i+1
            if n>80:
                # doc comment reason?
                k=i-1; doc=[]
                while k>=0 and lines[k].strip().startswith(('///','#[')): doc.append(lines[k]); k-=1
                print(f"{n:4} {f}:{i+1} {name} {'(doc mentions long)' if any('long' in d.lower() or 'lines' in d for d in doc) else ''}")
            i=j
        i+=1
