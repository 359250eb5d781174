using System.Text.Json;
using System.Text.Json.Nodes;
using ProbSig.Empirics.Models;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Checkpoints.HuggingFace;

/// <summary>
/// config.json of a transformers Qwen2 model, both ways. A field that is absent takes
/// transformers' Qwen2Config default (as transformers itself does); settings our model
/// does not implement (scaled rotary embeddings, sliding-window attention, another
/// activation or head width) are errors rather than silently wrong logits.
/// </summary>
internal static class Qwen2ConfigJson
{
    /// <summary>transformers' Qwen2Config defaults, used for fields config.json leaves out.</summary>
    private static readonly Qwen2Config TransformersDefaults = new()
    {
        VocabSize = 151936, HiddenSize = 4096, IntermediateSize = 22016, NumHiddenLayers = 32,
        NumAttentionHeads = 32, NumKeyValueHeads = 32, RmsNormEps = 1e-6, RopeTheta = 10000.0,
        TieWordEmbeddings = false, MaxPositionEmbeddings = 32768,
    };

    public static Qwen2Config Read(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "no such file: a Hugging Face checkpoint folder needs its config.json");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"not valid JSON ({e.Message})", e);
        }
        if (root is not JsonObject json) throw new CheckpointException(path, "not a JSON object");

        var modelType = String(path, json, "model_type");
        if (modelType != "qwen2")
            throw new CheckpointException(path, $"model_type is {(modelType is null ? "missing" : $"'{modelType}'")}; only 'qwen2' (Qwen2, Qwen2.5) is supported");
        var act = String(path, json, "hidden_act");
        if (act is not null && act != "silu")
            throw new CheckpointException(path, $"hidden_act is '{act}'; the Qwen2 MLP here is SwiGLU with silu");
        if (Bool(path, json, "use_sliding_window") == true)
            throw new CheckpointException(path, "use_sliding_window is true; sliding-window attention is not implemented (its logits would differ from full attention)");

        if (Bool(path, json, "use_mrope") == true)
            throw new CheckpointException(path, "use_mrope is true; multimodal rotary embeddings (Qwen2-VL) are not implemented");
        double ropeTheta = Double(path, json, "rope_theta") ?? TransformersDefaults.RopeTheta;
        CheckRopeScaling(path, json["rope_scaling"], "rope_scaling");
        if (json["rope_parameters"] is JsonObject rope)
        {
            // transformers 5 moves rope_theta into rope_parameters.
            CheckRopeScaling(path, rope, "rope_parameters");
            ropeTheta = Double(path, rope, "rope_theta") ?? ropeTheta;
        }

        var d = TransformersDefaults;
        int heads = Int(path, json, "num_attention_heads") ?? d.NumAttentionHeads;
        var config = d with
        {
            VocabSize = Int(path, json, "vocab_size") ?? d.VocabSize,
            HiddenSize = Int(path, json, "hidden_size") ?? d.HiddenSize,
            IntermediateSize = Int(path, json, "intermediate_size") ?? d.IntermediateSize,
            NumHiddenLayers = Int(path, json, "num_hidden_layers") ?? d.NumHiddenLayers,
            NumAttentionHeads = heads,
            // transformers: num_key_value_heads None means one per attention head.
            NumKeyValueHeads = Int(path, json, "num_key_value_heads") ?? heads,
            RmsNormEps = Double(path, json, "rms_norm_eps") ?? d.RmsNormEps,
            RopeTheta = ropeTheta,
            TieWordEmbeddings = Bool(path, json, "tie_word_embeddings") ?? d.TieWordEmbeddings,
            MaxPositionEmbeddings = Int(path, json, "max_position_embeddings") ?? d.MaxPositionEmbeddings,
            // Absent: null, which is Qwen2Config.DefaultInitStd, transformers' default too.
            InitStd = Double(path, json, "initializer_range"),
            DType = ParseDType(path, String(path, json, "torch_dtype") ?? String(path, json, "dtype")),
        };
        if (Int(path, json, "head_dim") is { } headDim && config.NumAttentionHeads > 0 && headDim * config.NumAttentionHeads != config.HiddenSize)
            throw new CheckpointException(path, $"head_dim {headDim} is not hidden_size / num_attention_heads ({config.HiddenSize} / {config.NumAttentionHeads}); Qwen2 here derives the head width");
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(path, e.Message, e);
        }
        return config;
    }

    public static void Write(Qwen2Config config, ScalarType storedAs, string path)
    {
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray("Qwen2ForCausalLM"),
            ["model_type"] = "qwen2",
            ["torch_dtype"] = DTypeName(storedAs),
            ["hidden_act"] = "silu",
            ["vocab_size"] = config.VocabSize,
            ["hidden_size"] = config.HiddenSize,
            ["intermediate_size"] = config.IntermediateSize,
            ["num_hidden_layers"] = config.NumHiddenLayers,
            ["num_attention_heads"] = config.NumAttentionHeads,
            ["num_key_value_heads"] = config.NumKeyValueHeads,
            ["rms_norm_eps"] = config.RmsNormEps,
            ["rope_theta"] = config.RopeTheta,
            ["rope_scaling"] = null,
            ["tie_word_embeddings"] = config.TieWordEmbeddings,
            ["max_position_embeddings"] = config.MaxPositionEmbeddings,
            ["initializer_range"] = config.ResolveInit().Std,
            ["use_sliding_window"] = false,
            ["attention_dropout"] = 0.0,
            ["use_cache"] = true,
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The torch_dtype name transformers writes for a parameter type.</summary>
    public static string DTypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => throw new ArgumentException($"a Qwen2 checkpoint stores Float32, BFloat16 or Float16, not {type}", nameof(type)),
    };

    private static ScalarType ParseDType(string path, string? name) => name switch
    {
        null or "float32" => ScalarType.Float32,
        "bfloat16" => ScalarType.BFloat16,
        "float16" => ScalarType.Float16,
        _ => throw new CheckpointException(path, $"torch_dtype '{name}' is not float32, bfloat16 or float16"),
    };

    /// <summary>Only plain rotary embeddings: null, or a "default" rope type without scaling.</summary>
    private static void CheckRopeScaling(string path, JsonNode? node, string field)
    {
        if (node is null) return;
        var type = node is JsonObject o ? (o["rope_type"] ?? o["type"])?.ToString() : null;
        if (type == "default" && (node as JsonObject)!["factor"] is null) return;
        throw new CheckpointException(path, $"{field} {node.ToJsonString()} is not supported: only plain rotary embeddings (rope type 'default', no scaling) are implemented, and others would give wrong logits");
    }

    private static JsonNode? Field(JsonObject json, string name) => json.TryGetPropertyValue(name, out var v) ? v : null;

    private static string? String(string path, JsonObject json, string name) => Field(json, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new CheckpointException(path, $"{name} is {other.ToJsonString()}, not a string"),
    };

    private static int? Int(string path, JsonObject json, string name) => Field(json, name) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        var other => throw new CheckpointException(path, $"{name} is {other.ToJsonString()}, not an integer"),
    };

    private static double? Double(string path, JsonObject json, string name) => Field(json, name) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var x) => x,
        var other => throw new CheckpointException(path, $"{name} is {other.ToJsonString()}, not a number"),
    };

    private static bool? Bool(string path, JsonObject json, string name) => Field(json, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw new CheckpointException(path, $"{name} is {other.ToJsonString()}, not true or false"),
    };
}
