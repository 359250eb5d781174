using ProbSig.Bench.Measurement;
using ProbSig.Bench.Peers;
using ProbSig.Bench.Rows;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.LanguageModels.Training;
using ProbSig.Empirics.Models;
using TorchSharp;

namespace ProbSig.Bench.Groups;

/// <summary>
/// Qwen2.5-architecture training (cpu-tiny, batch 16 x 64, the `lm train` loop itself) at each
/// thread count: tokens/s beside PyTorch eager running the same architecture, batch and
/// optimiser (Peers/lm_train.py), and model FLOP utilisation against the fp32 matrix-product
/// rate measured in the same run, ours and PyTorch's.
/// </summary>
public sealed class LmTrainingBench : IBenchGroup
{
    /// <inheritdoc/>
    public string Name => "lm-train";

    /// <inheritdoc/>
    public string Description => "Qwen2.5 cpu-tiny training tokens/s and MFU beside PyTorch eager and the fp32 matmul rate";

    /// <summary>The sizes of a scale: vocabulary, batch, sequence, warm-up and timed steps, matmul size and seconds.</summary>
    internal sealed record Sizes(int Vocab, int Batch, int Seq, int Warmup, int Steps, int MatmulSize, double MatmulSeconds);

    internal static Sizes For(BenchScale scale) => scale == BenchScale.Smoke
        ? new(256, 2, 16, 1, 3, 128, 0.05)
        : new(4096, 16, 64, 5, 40, 1024, 2.0);

    /// <inheritdoc/>
    public IReadOnlyList<BenchRow> Measure(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = For(context.Options.Scale);
        var config = Qwen2Config.CpuTiny(s.Vocab) with { Seed = 0 };
        double flopsPerToken = FlopsPerToken(config, s.Seq);
        // The peer reads the architecture from a Hugging Face config.json, written the way `lm train` writes its checkpoints.
        string checkpoint = Path.Combine(context.Scratch, "lm");
        using (var initial = new Qwen2ForCausalLM(config)) Qwen2Checkpoint.Save(initial, checkpoint);
        string configJson = Path.Combine(checkpoint, Qwen2Checkpoint.ConfigFile);
        var rows = new List<BenchRow>();
        string shape = $"cpu-tiny (d {config.HiddenSize}, {config.NumHiddenLayers} blocks, V {s.Vocab}), batch {s.Batch} x {s.Seq}, AdamW";
        int previous = torch.get_num_threads();
        try
        {
            foreach (int threads in context.Options.Threads)
            {
                torch.set_num_threads(threads);
                context.Log($"  matrix products, {threads} thread(s)");
                double oursMatmul = MatmulRate.Gflops(s.MatmulSize, s.MatmulSeconds);
                var peerMatmul = context.Python.Figure(context.Log, "matmul.py", ["--threads", PythonPeer.Arg(threads), "--size", PythonPeer.Arg(s.MatmulSize), "--seconds", PythonPeer.Arg(s.MatmulSeconds)], "gflops");
                rows.Add(new BenchRow($"matmul-gflops-{threads}t", Name, $"fp32 matrix product {s.MatmulSize}^3, {threads} thread(s)",
                    oursMatmul, "GFLOP/s", Better.Higher, context.Python.Name, peerMatmul.Value, peerMatmul.Absent, null,
                    "TorchSharp's libtorch beside PyTorch's own build: the limit the MFU rows divide by"));

                context.Log($"  training {shape}, {threads} thread(s): {s.Warmup} warm-up + {s.Steps} timed steps");
                double ours = TokensPerSecond(config, s);
                var peer = context.Python.Figure(context.Log, "lm_train.py",
                    ["--config", configJson, "--threads", PythonPeer.Arg(threads), "--batch", PythonPeer.Arg(s.Batch), "--seq", PythonPeer.Arg(s.Seq),
                     "--steps", PythonPeer.Arg(s.Steps), "--warmup", PythonPeer.Arg(s.Warmup), "--seed", "0"], "tokens_per_second");
                rows.Add(new BenchRow($"lm-train-tokens-{threads}t", Name, $"LM training, {threads} thread(s)",
                    ours, "tokens/s", Better.Higher, context.Python.Name, peer.Value, peer.Absent,
                    BenchTarget.Ratio(1.0, "PyTorch eager"), $"{shape}; median step of {s.Steps} after {s.Warmup} warm-up"));

                double modelGflops = ours * flopsPerToken / 1e9;
                string peerMfu = peer.Value is { } p ? $"; PyTorch's: {p * flopsPerToken / 1e9 / (peerMatmul.Value ?? double.NaN):P0} of its own matmul rate" : "";
                rows.Add(new BenchRow($"lm-train-mfu-{threads}t", Name, $"LM training model FLOP/s, {threads} thread(s)",
                    modelGflops, "GFLOP/s", Better.Higher, "fp32 matmul rate (this run)", oursMatmul, null,
                    threads == 2 ? BenchTarget.Ratio(0.5, "the matmul rate") with { Text = ">= 50% of the matmul rate" } : null,
                    $"MFU = tokens/s x {flopsPerToken / 1e6:0.00} MFLOP/token (6 N + 12 L d T, N = {MatmulParameters(config):N0} matrix weights){peerMfu}"));
            }
        }
        finally
        {
            torch.set_num_threads(previous);
        }
        return rows;
    }

    /// <summary>Training FLOPs per token: 6 per matrix weight (forward, and backward for inputs
    /// and weights) plus attention's scores and values, 12 L d T (PaLM's appendix B estimate).</summary>
    public static double FlopsPerToken(Qwen2Config c, int sequence) =>
        6.0 * MatmulParameters(c) + 12.0 * c.NumHiddenLayers * c.HiddenSize * sequence;

    /// <summary>Weights that enter a matrix product: every block's projections and the
    /// unembedding (the input embedding is a lookup; norms and biases are not products).</summary>
    public static long MatmulParameters(Qwen2Config c)
    {
        long d = c.HiddenSize, kv = (long)c.NumKeyValueHeads * c.HeadDim, m = c.IntermediateSize;
        long block = d * d + 2 * d * kv + d * d + 3 * d * m;
        return c.NumHiddenLayers * block + (long)c.VocabSize * d;
    }

    /// <summary>Our tokens/s: the median step of `lm train`'s own loop (LmTrainer) on uniform random ids.</summary>
    private static double TokensPerSecond(Qwen2Config config, Sizes s)
    {
        var rng = new Random(0);
        int docLength = s.Seq * 8 + 1;
        var docs = Enumerable.Range(0, 32).Select(_ => Enumerable.Range(0, docLength).Select(_ => rng.Next(s.Vocab)).ToArray()).ToArray();
        var data = new TokenDocuments(docs, s.Vocab, "bench-uniform");
        var train = new LmTrainingConfig
        {
            Steps = s.Warmup + s.Steps, BatchSize = s.Batch, SequenceLength = s.Seq, WarmupSteps = 1, HeldOutFraction = 0,
            EvalEvery = 0, LogEvery = s.Warmup + s.Steps,
        };
        using var model = new Qwen2ForCausalLM(config);
        var marks = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        LmTrainer.Train(model, data, train, afterStep: step => { if (step >= s.Warmup) marks.Add(clock.Elapsed.TotalSeconds); });
        double step = Timing.Median(Timing.Intervals(marks));
        return s.Batch * s.Seq / step;
    }

}
