using ProbSig.Empirics.Models;

namespace ProbSig.Empirics.Checkpoints.HuggingFace;

/// <summary>
/// The tensors a transformers Qwen2ForCausalLM checkpoint holds for a config, with the
/// shapes config.json implies; derived from the config alone (not from our model), so a
/// checkpoint is checked before anything is allocated. Linear weights are (out, in).
/// </summary>
public static class Qwen2Layout
{
    /// <summary>Name of the output head, present only in untied checkpoints.</summary>
    public const string LmHead = "lm_head.weight";

    /// <summary>Name of the token embedding.</summary>
    public const string Embedding = "model.embed_tokens.weight";

    /// <summary>Every expected tensor, in transformers' order, with its shape.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Expected(Qwen2Config config)
    {
        long v = config.VocabSize, d = config.HiddenSize, m = config.IntermediateSize;
        long q = (long)config.NumAttentionHeads * config.HeadDim;
        long kv = (long)config.NumKeyValueHeads * config.HeadDim;
        var list = new List<(string, long[])> { (Embedding, [v, d]) };
        for (int i = 0; i < config.NumHiddenLayers; i++)
        {
            var p = $"model.layers.{i}.";
            list.Add((p + "input_layernorm.weight", [d]));
            list.Add((p + "self_attn.q_proj.weight", [q, d]));
            list.Add((p + "self_attn.q_proj.bias", [q]));
            list.Add((p + "self_attn.k_proj.weight", [kv, d]));
            list.Add((p + "self_attn.k_proj.bias", [kv]));
            list.Add((p + "self_attn.v_proj.weight", [kv, d]));
            list.Add((p + "self_attn.v_proj.bias", [kv]));
            list.Add((p + "self_attn.o_proj.weight", [d, q]));
            list.Add((p + "post_attention_layernorm.weight", [d]));
            list.Add((p + "mlp.gate_proj.weight", [m, d]));
            list.Add((p + "mlp.up_proj.weight", [m, d]));
            list.Add((p + "mlp.down_proj.weight", [d, m]));
        }
        list.Add(("model.norm.weight", [d]));
        if (!config.TieWordEmbeddings) list.Add((LmHead, [v, d]));
        return list;
    }
}
