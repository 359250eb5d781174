using ProbSig.Theory.Flow;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ProbSig.Empirics.Models;

/// <summary>
/// Settings of the Qwen2 / Qwen2.5 architecture. Field names follow transformers'
/// Qwen2Config (vocab_size, hidden_size, ...) so config.json maps one to one; defaults are
/// the published Qwen2.5-0.5B shapes.
/// </summary>
public sealed record Qwen2Config : InitScaledConfig
{
    /// <summary>Vocabulary size V (rows of the embedding and of the unembedding).</summary>
    public int VocabSize { get; init; } = 151936;

    /// <summary>Residual width d.</summary>
    public int HiddenSize { get; init; } = 896;

    /// <summary>Width of the SwiGLU MLP's gate and up projections.</summary>
    public int IntermediateSize { get; init; } = 4864;

    /// <summary>Number of decoder blocks.</summary>
    public int NumHiddenLayers { get; init; } = 24;

    /// <summary>Query heads; HiddenSize must be a multiple of it.</summary>
    public int NumAttentionHeads { get; init; } = 14;

    /// <summary>Key-value heads (grouped-query attention); divides NumAttentionHeads.</summary>
    public int NumKeyValueHeads { get; init; } = 2;

    /// <summary>RMSNorm epsilon.</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    /// <summary>Rotary base theta.</summary>
    public double RopeTheta { get; init; } = 1e6;

    /// <summary>Whether the output head reuses the token embedding (no lm_head.weight).</summary>
    public bool TieWordEmbeddings { get; init; } = true;

    /// <summary>Longest sequence the model is meant for (checked in forward).</summary>
    public int MaxPositionEmbeddings { get; init; } = 32768;

    /// <summary>Per-head width.</summary>
    public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>The std of every weight matrix and the embedding when neither <see cref="InitScaledConfig.InitStd"/>
    /// nor <see cref="InitScaledConfig.Gamma"/> is set: transformers' initializer_range default, which
    /// config.json also falls back to when it leaves the field out.</summary>
    public const double DefaultInitStd = 0.02;

    /// <inheritdoc/>
    /// <remarks>InitStd is transformers' initializer_range; Gamma is a power of HiddenSize.</remarks>
    protected override int InitWidth => HiddenSize;

    /// <inheritdoc/>
    protected override double DefaultStd => DefaultInitStd;

    /// <summary>Seed of the generator that draws the initial weights.</summary>
    public long Seed { get; init; }

    /// <summary>Parameter type: Float32 (CPU), BFloat16 or Float32 (CUDA), Float64 for checks.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float32;

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The published Qwen2.5-0.5B shapes (494,032,768 parameters).</summary>
    public static Qwen2Config Qwen25_05B { get; } = new();

    /// <summary>A model small enough to train on two CPU cores in about a minute: width 128,
    /// 2 blocks, 4 query heads sharing 2 key-value heads (so GQA is exercised), untied.</summary>
    public static Qwen2Config CpuTiny(int vocabSize) => new()
    {
        VocabSize = vocabSize, HiddenSize = 128, IntermediateSize = 384, NumHiddenLayers = 2,
        NumAttentionHeads = 4, NumKeyValueHeads = 2, TieWordEmbeddings = false, MaxPositionEmbeddings = 2048,
    };

    /// <summary>The GPU configuration for paper-scale runs: width 512, 8 blocks, 8 heads over
    /// 2 key-value heads (the 0.5B model's 4:1 grouping at a quarter of its depth).</summary>
    public static Qwen2Config PaperScale(int vocabSize) => new()
    {
        VocabSize = vocabSize, HiddenSize = 512, IntermediateSize = 1536, NumHiddenLayers = 8,
        NumAttentionHeads = 8, NumKeyValueHeads = 2, TieWordEmbeddings = false, MaxPositionEmbeddings = 4096,
    };

    /// <summary>The preset names <see cref="Preset"/> knows.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["cpu-tiny", "paper", "qwen2.5-0.5b"];

    /// <summary>A named preset: "cpu-tiny", "paper" or "qwen2.5-0.5b" (whose vocabulary is fixed).</summary>
    /// <exception cref="ArgumentException">An unknown name, or a vocabulary that disagrees with qwen2.5-0.5b's.</exception>
    public static Qwen2Config Preset(string name, int vocabSize) => name switch
    {
        "cpu-tiny" => CpuTiny(vocabSize),
        "paper" => PaperScale(vocabSize),
        "qwen2.5-0.5b" when vocabSize <= Qwen25_05B.VocabSize => Qwen25_05B,
        "qwen2.5-0.5b" => throw new ArgumentException(
            $"preset qwen2.5-0.5b has {Qwen25_05B.VocabSize} token rows; a tokenizer of {vocabSize} tokens does not fit", nameof(vocabSize)),
        _ => throw new ArgumentException($"unknown preset '{name}'; known: {string.Join(", ", PresetNames)}", nameof(name)),
    };

    /// <summary>Parameters of a model with this config, counted from the shapes alone.</summary>
    public long ParameterCount()
    {
        long d = HiddenSize, kv = (long)NumKeyValueHeads * HeadDim, m = IntermediateSize, v = VocabSize;
        long attention = (d * d + d) + 2 * (d * kv + kv) + d * d;   // q (+bias), k and v (+bias), o
        long block = attention + 3 * d * m + 2 * d;                 // SwiGLU, two norms
        return v * d + NumHiddenLayers * block + d + (TieWordEmbeddings ? 0 : v * d);
    }

    /// <summary>Checks every field; the message names the field and its value.</summary>
    /// <exception cref="ArgumentException">A field out of range.</exception>
    public void Validate()
    {
        ModelSetup.RequirePositive(VocabSize, nameof(VocabSize));
        ModelSetup.RequirePositive(HiddenSize, nameof(HiddenSize));
        ModelSetup.RequirePositive(IntermediateSize, nameof(IntermediateSize));
        ModelSetup.RequirePositive(NumHiddenLayers, nameof(NumHiddenLayers));
        ModelSetup.RequirePositive(NumAttentionHeads, nameof(NumAttentionHeads));
        ModelSetup.RequirePositive(NumKeyValueHeads, nameof(NumKeyValueHeads));
        ModelSetup.RequirePositive(MaxPositionEmbeddings, nameof(MaxPositionEmbeddings));
        if (HiddenSize % NumAttentionHeads != 0)
            throw new ArgumentException($"HiddenSize {HiddenSize} is not a multiple of NumAttentionHeads {NumAttentionHeads}", nameof(HiddenSize));
        if (HeadDim % 2 != 0)
            throw new ArgumentException($"head dimension {HeadDim} (HiddenSize / NumAttentionHeads) must be even for rotary embeddings", nameof(HiddenSize));
        if (NumAttentionHeads % NumKeyValueHeads != 0)
            throw new ArgumentException($"NumAttentionHeads {NumAttentionHeads} is not a multiple of NumKeyValueHeads {NumKeyValueHeads}", nameof(NumKeyValueHeads));
        if (!(RmsNormEps > 0) || !double.IsFinite(RmsNormEps))
            throw new ArgumentException($"RmsNormEps is {RmsNormEps}; it must be positive", nameof(RmsNormEps));
        if (!(RopeTheta > 1) || !double.IsFinite(RopeTheta))
            throw new ArgumentException($"RopeTheta is {RopeTheta}; it must exceed 1", nameof(RopeTheta));
        if (DType is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"DType is {DType}; use Float32, BFloat16, Float16 or Float64", nameof(DType));
        _ = ResolveInit();   // throws when the init scale is out of range
    }
}

/// <summary>Root-mean-square norm: x / sqrt(mean(x^2) + eps) * weight, computed in float32
/// whatever the parameter type, as transformers' Qwen2RMSNorm does.</summary>
public sealed class Qwen2RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;   // (d)
    private readonly double eps;

    /// <summary>A norm over the last dimension of width <paramref name="size"/>, weight ones.</summary>
    public Qwen2RmsNorm(long size, double eps, ScalarType dtype, Device device) : base(nameof(Qwen2RmsNorm))
    {
        weight = new Parameter(torch.ones(size, dtype: dtype, device: device));
        this.eps = eps;
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var x32 = x.to(ScalarType.Float32);
        var normed = x32 * torch.rsqrt(x32.pow(2).mean([-1L], keepdim: true) + eps);
        return (weight * normed.to(x.dtype)).MoveToOuterDisposeScope();
    }
}

/// <summary>Rotary position embedding, half-split convention (rotate_half): the pair
/// (x_i, x_{i + h/2}) turns by angle pos * theta^(-2i/h).</summary>
public static class Qwen2Rotary
{
    /// <summary>cos and sin of the angles for positions 0..T-1, each (T, head_dim), float32.</summary>
    public static (Tensor Cos, Tensor Sin) Angles(long length, int headDim, double theta, Device device)
    {
        using var scope = torch.NewDisposeScope();
        // inv_freq in float32 from an int64 range, exactly as transformers computes it.
        var exponents = torch.arange(0, headDim, 2, dtype: ScalarType.Int64, device: device).to(ScalarType.Float32) / headDim;
        var invFreq = 1.0f / torch.pow(torch.tensor((float)theta, device: device), exponents);     // (h/2)
        var positions = torch.arange(length, dtype: ScalarType.Float32, device: device);             // (T)
        var freqs = torch.outer(positions, invFreq);                                                 // (T, h/2)
        var angles = torch.cat([freqs, freqs], 1);                                                   // (T, h)
        return (angles.cos().MoveToOuterDisposeScope(), angles.sin().MoveToOuterDisposeScope());
    }

    /// <summary>x * cos + rotate_half(x) * sin for x of shape (B, heads, T, h).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = torch.NewDisposeScope();
        long half = x.shape[^1] / 2;
        var x1 = x[.., .., .., ..(int)half];
        var x2 = x[.., .., .., (int)half..];
        var rotated = torch.cat([-x2, x1], -1);
        var result = x * cos.to(x.dtype) + rotated * sin.to(x.dtype);
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>Grouped-query causal self-attention with biases on q, k and v and none on o.</summary>
public sealed class Qwen2Attention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // names are the checkpoint keys
    private readonly Linear q_proj, k_proj, v_proj, o_proj;
#pragma warning restore IDE1006
    private readonly int heads, kvHeads, headDim;

    /// <summary>Projections sized from <paramref name="config"/>.</summary>
    public Qwen2Attention(Qwen2Config config, Device device) : base(nameof(Qwen2Attention))
    {
        heads = config.NumAttentionHeads;
        kvHeads = config.NumKeyValueHeads;
        headDim = config.HeadDim;
        long d = config.HiddenSize;
        q_proj = nn.Linear(d, heads * headDim, hasBias: true, device: device, dtype: config.DType);
        k_proj = nn.Linear(d, kvHeads * headDim, hasBias: true, device: device, dtype: config.DType);
        v_proj = nn.Linear(d, kvHeads * headDim, hasBias: true, device: device, dtype: config.DType);
        o_proj = nn.Linear(heads * headDim, d, hasBias: false, device: device, dtype: config.DType);
        RegisterComponents();
    }

    /// <summary>Attention of x (B, T, d) given rotary cos and sin (T, head_dim).</summary>
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];
        var q = q_proj.call(x).view(b, t, heads, headDim).transpose(1, 2);      // (B, H, T, h)
        var k = k_proj.call(x).view(b, t, kvHeads, headDim).transpose(1, 2);    // (B, Hkv, T, h)
        var v = v_proj.call(x).view(b, t, kvHeads, headDim).transpose(1, 2);    // (B, Hkv, T, h)
        q = Qwen2Rotary.Apply(q, cos, sin);
        k = Qwen2Rotary.Apply(k, cos, sin);
        if (kvHeads != heads)
        {
            // repeat_kv: query head j reads key-value head j / (H / Hkv).
            k = k.repeat_interleave(heads / kvHeads, dim: 1);                   // (B, H, T, h)
            v = v.repeat_interleave(heads / kvHeads, dim: 1);
        }
        // softmax(q k^T / sqrt(h) + causal mask) v
        var y = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true);   // (B, H, T, h)
        y = y.transpose(1, 2).contiguous().view(b, t, heads * headDim);                  // (B, T, H h)
        return o_proj.call(y).MoveToOuterDisposeScope();
    }
}

/// <summary>SwiGLU feed-forward: down(silu(gate(x)) * up(x)), no biases.</summary>
public sealed class Qwen2Mlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Linear gate_proj, up_proj, down_proj;
#pragma warning restore IDE1006

    /// <summary>Projections sized from <paramref name="config"/>.</summary>
    public Qwen2Mlp(Qwen2Config config, Device device) : base(nameof(Qwen2Mlp))
    {
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false, device: device, dtype: config.DType);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false, device: device, dtype: config.DType);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: false, device: device, dtype: config.DType);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = nn.functional.silu(gate_proj.call(x)) * up_proj.call(x);   // (B, T, m)
        return down_proj.call(hidden).MoveToOuterDisposeScope();                 // (B, T, d)
    }
}

/// <summary>One pre-norm block: x + attn(norm(x)), then x + mlp(norm(x)).</summary>
public sealed class Qwen2DecoderLayer : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Qwen2RmsNorm input_layernorm, post_attention_layernorm;
    private readonly Qwen2Attention self_attn;
    private readonly Qwen2Mlp mlp;
#pragma warning restore IDE1006

    /// <summary>A block sized from <paramref name="config"/>.</summary>
    public Qwen2DecoderLayer(Qwen2Config config, Device device) : base(nameof(Qwen2DecoderLayer))
    {
        input_layernorm = new Qwen2RmsNorm(config.HiddenSize, config.RmsNormEps, config.DType, device);
        self_attn = new Qwen2Attention(config, device);
        post_attention_layernorm = new Qwen2RmsNorm(config.HiddenSize, config.RmsNormEps, config.DType, device);
        mlp = new Qwen2Mlp(config, device);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = torch.NewDisposeScope();
        var h = x + self_attn.call(input_layernorm.call(x), cos, sin);
        var result = h + mlp.call(post_attention_layernorm.call(h));
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>The decoder stack (transformers' Qwen2Model): embed_tokens, layers, norm.</summary>
public sealed class Qwen2Decoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Embedding embed_tokens;
    private readonly ModuleList<Qwen2DecoderLayer> layers;
    private readonly Qwen2RmsNorm norm;
#pragma warning restore IDE1006
    private readonly Qwen2Config config;

    /// <summary>The stack sized from <paramref name="config"/>.</summary>
    public Qwen2Decoder(Qwen2Config config, Device device) : base(nameof(Qwen2Decoder))
    {
        this.config = config;
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize, device: device, dtype: config.DType);
        layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new Qwen2DecoderLayer(config, device)).ToArray());
        norm = new Qwen2RmsNorm(config.HiddenSize, config.RmsNormEps, config.DType, device);
        RegisterComponents();
    }

    /// <summary>The token embedding (V, d).</summary>
    public Parameter EmbeddingWeight => embed_tokens.weight!;

    /// <summary>Final-normed hidden states (B, T, d) of token ids (B, T).</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = torch.NewDisposeScope();
        var (cos, sin) = Qwen2Rotary.Angles(ids.shape[1], config.HeadDim, config.RopeTheta, ids.device);
        var x = embed_tokens.call(ids);                                          // (B, T, d)
        foreach (var layer in layers) x = layer.call(x, cos, sin);
        return norm.call(x).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// A Qwen2 / Qwen2.5 causal language model in the layout of transformers'
/// Qwen2ForCausalLM: state-dict keys are the checkpoint names (model.embed_tokens.weight,
/// model.layers.N.self_attn.q_proj.weight, ..., lm_head.weight when untied), so a
/// safetensors file maps onto it without a key table.
/// </summary>
public sealed class Qwen2ForCausalLM : nn.Module<Tensor, Tensor>
{
    private readonly Qwen2Decoder model;
#pragma warning disable IDE1006
    private readonly Linear? lm_head;   // null when tied: logits = h E^T
#pragma warning restore IDE1006

    /// <summary>Builds the model and draws its weights from <see cref="Qwen2Config.Seed"/>.</summary>
    /// <exception cref="ArgumentException">A config field out of range.</exception>
    public Qwen2ForCausalLM(Qwen2Config config) : this(config, initialise: true) { }

    /// <summary>
    /// A model whose weights are left as libtorch's constructors made them, for loaders
    /// that overwrite every tensor (drawing 494M normals first costs about 20 s at 0.5B).
    /// </summary>
    public static Qwen2ForCausalLM ForLoading(Qwen2Config config) => new(config, initialise: false);

    private Qwen2ForCausalLM(Qwen2Config config, bool initialise) : base(nameof(Qwen2ForCausalLM))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var device = ModelSetup.ToDevice(config.Device);
        model = new Qwen2Decoder(config, device);
        lm_head = config.TieWordEmbeddings ? null
            : nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device: device, dtype: config.DType);
        RegisterComponents();
        if (initialise) Initialise(config.ResolveInit().Std);
    }

    /// <summary>The validated settings.</summary>
    public Qwen2Config Config { get; }

    /// <summary>The token embedding E (V, d): model.embed_tokens.weight.</summary>
    public Parameter EmbeddingWeight => model.EmbeddingWeight;

    /// <summary>The unembedding U (V, d): lm_head.weight, or E when tied.</summary>
    public Parameter UnembeddingWeight => lm_head?.weight ?? model.EmbeddingWeight;

    /// <summary>A CPU float64 copy of the embedding (V, d): row i is token i (exact for float32 and bfloat16).</summary>
    public double[,] EmbeddingMatrix() => ModelSetup.ToMatrix(() => EmbeddingWeight);

    /// <summary>A CPU float64 copy of the unembedding (V, d); the embedding when tied.</summary>
    public double[,] UnembeddingMatrix() => ModelSetup.ToMatrix(() => UnembeddingWeight);

    /// <summary>Logits (B, T, V) of token ids (B, T), int64; position t sees tokens 0..t only.</summary>
    /// <exception cref="ArgumentException">Ids not (B, T) integers, or T beyond MaxPositionEmbeddings.</exception>
    public override Tensor forward(Tensor ids)
    {
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"ids must be an int64 (batch, length) tensor; got {ids.dtype} of shape [{string.Join(", ", ids.shape)}]", nameof(ids));
        if (ids.shape[1] > Config.MaxPositionEmbeddings)
            throw new ArgumentException($"sequence length {ids.shape[1]} exceeds MaxPositionEmbeddings {Config.MaxPositionEmbeddings}", nameof(ids));
        using var scope = torch.NewDisposeScope();
        var h = model.call(ids);                                                  // (B, T, d)
        var logits = lm_head is null ? nn.functional.linear(h, model.EmbeddingWeight) : lm_head.call(h);
        return logits.MoveToOuterDisposeScope();                                  // (B, T, V)
    }

    /// <summary>Number of parameters held (the tied head counted once).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    // transformers' _init_weights: every Linear and the Embedding N(0, std^2), biases 0,
    // norm weights 1. Drawn in state-dict order from one CPU generator, so a seed gives the
    // same weights on CPU and GPU.
    private void Initialise(double std)
    {
        using var generator = new Generator(unchecked((ulong)Config.Seed), torch.CPU);
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith("layernorm.weight", StringComparison.Ordinal) || name == "model.norm.weight") continue;   // ones
            if (name.EndsWith(".bias", StringComparison.Ordinal)) { p.zero_(); continue; }
            using var cpu = torch.empty(p.shape, dtype: ScalarType.Float32);
            cpu.normal_(0.0, std, generator);
            p.copy_(cpu);
        }
    }
}
