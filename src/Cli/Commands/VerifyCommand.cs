using System.CommandLine;
using System.Runtime.InteropServices;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Cli.Report;
using ProbSig.Verification.Claims;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig verify`: runs the claims of a scale (or those named by --only), prints a
/// table, writes report.md, claims.json, figures and matrices. Exit 0 when every claim
/// holds, 1 when any fails or throws, 2 on bad input.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var scale = new Option<string>("--scale") { Description = "cpu (every claim, minutes on 2 cores), cpu-long (the language-model claims trained 25 times longer, about an hour on 2 cores) or paper (the language-model claims at the paper preset, on CUDA).", DefaultValueFactory = _ => "cpu" };
        var only = new Option<string?>("--only") { Description = "Run only these claims, comma separated, e.g. C2,C5." };
        var outDir = new Option<string>("--out") { Description = "Report folder: checked before the claims run; probsig's files in it are replaced when the run ends, nothing else.", DefaultValueFactory = _ => "probsig-report" };
        var overwrite = Options.OutputOptions.CreateOverwrite();
        var device = new Option<string>("--device") { Description = "Torch device for training: cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var corpus = new Option<string?>("--corpus") { Description = "With --scale paper: the language-model claims train on this Pile file instead of Brown, pile:PATH[:SUBSET,..] (.jsonl or .jsonl.zst; the named subsets train, the rest of the file is the other genres' text)." };
        var seeds = new Option<string?>("--seeds") { Description = "Run every selected claim over these seeds instead of its own, comma separated, e.g. 0,1,2,3,4 (to re-measure a tolerance); the report lists the seeds each claim ran." };

        var command = new Command("verify", "Run the claims of a scale against Theory and write a report. Exit 0: every verdict (HOLDS, REFUTED, INCONCLUSIVE) is the one its claim expects; 1: a verdict differs or a claim threw; 2: bad input.");
        foreach (var o in new Option[] { scale, only, outDir, device, corpus, seeds, overwrite }) command.Add(o);

        command.SetAction(r =>
        {
            var scaleText = r.GetValue(scale) ?? "cpu";
            var claimScale = ClaimScales.Parse(scaleText) ?? throw new CliUsageException("--scale", scaleText, "expected cpu, cpu-long or paper");
            var deviceText = DeviceOption.Parse(r.GetValue(device));
            // The paper preset at 20,000 steps of 32 x 512 tokens is days of CPU time.
            if (claimScale == ClaimScale.Paper && deviceText == "cpu")
                throw new CliUsageException("--scale", scaleText, "the paper scale trains on CUDA; add --device cuda (a CUDA build: -p:ProbSigCuda=true)");
            var corpusSpec = r.GetValue(corpus);
            if (corpusSpec is not null && claimScale != ClaimScale.Paper)
                throw new CliUsageException("--corpus", corpusSpec, "applies to --scale paper only (the cpu scale's expected verdicts are Brown's)");
            var corpusSource = corpusSpec is null ? null : ParseLmCorpus(corpusSpec);
            var claims = SelectClaims(claimScale, r.GetValue(only));
            if (ParseSeeds(r.GetValue(seeds)) is { } chosen) claims = claims.Select(c => c.WithSeeds(chosen)).ToArray();
            // The report folder is checked before minutes of claims, not after, and held meanwhile.
            var report = r.GetValue(outDir) ?? "probsig-report";
            AtomicOutput.CheckFolder(report, r.GetValue(overwrite), VerifyRunner.Owner);
            using var folderLock = OutputLock.Acquire(report, "verify");
            var stderr = r.InvocationConfiguration.Error;
            var progress = new ClaimProgress(stderr);
            var context = new ClaimContext(claimScale, progress, deviceText) { Corpus = corpusSource };
            var header = new ReportHeader(DateTimeOffset.UtcNow, Machine(), deviceText, claimScale);
            var runner = new VerifyRunner(context, new ScottPlotRenderer(), r.InvocationConfiguration.Output, progress);
            return runner.Run(claims, report, header, r.GetValue(overwrite));
        });
        return command;
    }

    /// <summary>The claims to run; bad ids and an empty scale are bad input (exit 2).</summary>
    internal static IReadOnlyList<IClaim> SelectClaims(ClaimScale scale, string? only)
    {
        var scaleName = ClaimScales.Name(scale);
        var all = ClaimRegistry.All(scale);
        if (all.Count == 0) throw new CliUsageException("--scale", scaleName, $"no claims at {scaleName} scale yet");
        if (only is null) return all;
        var ids = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0) throw new CliUsageException("--only", only, "expected claim ids, e.g. C2,C5");
        try
        {
            return ClaimRegistry.Select(ids, scale);
        }
        catch (ArgumentException e)
        {
            throw CliUsageException.For("--only", only, e);
        }
    }

    /// <summary>The corpus of --corpus: a Pile file (pile:PATH[:SUBSET,..], or a .jsonl(.zst) path), checked to exist now.</summary>
    internal static Empirics.Corpus.SourceDescription ParseLmCorpus(string spec)
    {
        var source = LmInputs.ParseCorpus(spec);
        if (source is not Empirics.Corpus.PileDescription pile)
            throw new CliUsageException("--corpus", spec, "expected a Pile file, pile:PATH[:SUBSET,..] (without --corpus the claims train on Brown)");
        if (!File.Exists(pile.Path) && !Directory.Exists(pile.Path))
            throw new CliUsageException("--corpus", spec, $"{pile.Path} does not exist");
        return pile;
    }

    /// <summary>The seeds of --seeds (null when absent): distinct non-negative integers.</summary>
    internal static IReadOnlyList<int>? ParseSeeds(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new CliUsageException("--seeds", text, "expected seeds, e.g. 0,1,2,3,4");
        var result = new List<int>();
        foreach (var p in parts)
        {
            if (!int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seed))
                throw new CliUsageException("--seeds", text, $"'{p}' is not a non-negative integer");
            if (result.Contains(seed)) throw new CliUsageException("--seeds", text, $"seed {seed} is listed twice");
            result.Add(seed);
        }
        return result;
    }

    /// <summary>The machine, and the CPU kernels that decide the figures' last bits (README, Reproducibility).</summary>
    private static string Machine() =>
        $"{Environment.MachineName}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {Empirics.Runtime.KernelPinning.Describe()}";
}
