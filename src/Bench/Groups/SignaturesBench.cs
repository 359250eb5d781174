using System.Diagnostics;
using ProbSig.Bench.Measurement;
using ProbSig.Bench.Peers;
using ProbSig.Bench.Rows;

namespace ProbSig.Bench.Groups;

/// <summary>
/// `probsig lm signatures --corpus brown --tokenizer qwen2.5` at --top 2048 beside --top 512:
/// the whole command (counting, both signatures, centred cosines, the PPMI-SVD rival, the
/// files), run as the user runs it, from the probsig executable of this build, alternating the
/// two sizes so a slow spell of the machine hits both.
/// </summary>
public sealed class SignaturesBench : IBenchGroup
{
    /// <inheritdoc/>
    public string Name => "signatures";

    /// <inheritdoc/>
    public string Description => "lm signatures --top 2048 beside --top 512 on Brown";

    /// <inheritdoc/>
    public IReadOnlyList<BenchRow> Measure(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool smoke = context.Options.Smoke;
        string corpus = smoke ? "brown:humor" : "brown";
        int small = smoke ? 16 : 512, large = smoke ? 64 : 2048, repeats = smoke ? 1 : 3;
        var probsig = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "probsig.exe" : "probsig");
        if (!File.Exists(probsig)) throw new InvalidOperationException($"the signatures row runs the probsig executable, and {probsig} is missing from this build");
        var times = new Dictionary<int, List<double>> { [small] = [], [large] = [] };
        for (int i = 0; i < repeats; i++)
        {
            foreach (int top in new[] { small, large })
            {
                string outDir = Path.Combine(context.Scratch, $"signatures-{top}-{i}");
                context.Log($"  lm signatures --corpus {corpus} --tokenizer qwen2.5 --top {top} (run {i + 1} of {repeats})");
                var clock = Stopwatch.StartNew();
                var (code, _, stderr) = ExternalProcess.Run(probsig, ["lm", "signatures", "--corpus", corpus, "--tokenizer", "qwen2.5", "--top", top.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", outDir], TimeSpan.FromMinutes(20));
                times[top].Add(clock.Elapsed.TotalSeconds);
                if (code != 0) throw new InvalidOperationException($"lm signatures --top {top} exited {code}: {ExternalProcess.LastLine(stderr)}");
                Directory.Delete(outDir, recursive: true);
            }
        }
        double t512 = Timing.Median(times[small]), t2048 = Timing.Median(times[large]);
        return
        [
            new BenchRow($"signatures-top{large}", Name, $"lm signatures --top {large}, {corpus}, qwen2.5", t2048, "s", Better.Lower,
                $"the same command at --top {small}", t512, null, new BenchTarget($"<= 2x the --top {small} time") { RatioAtLeast = 0.5 },
                $"whole command, median of {repeats} alternating runs each (--top {large}: {string.Join(", ", times[large].Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} s; --top {small}: {string.Join(", ", times[small].Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} s)"),
        ];
    }
}
