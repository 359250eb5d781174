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
        var scale = new Option<string>("--scale") { Description = "cpu (minutes on 2 cores) or paper (GPU scale).", DefaultValueFactory = _ => "cpu" };
        var only = new Option<string?>("--only") { Description = "Run only these claims, comma separated, e.g. C2,C5." };
        var outDir = new Option<string>("--out") { Description = "Report folder: checked before the claims run; probsig's files in it are replaced when the run ends, nothing else.", DefaultValueFactory = _ => "probsig-report" };
        var overwrite = Options.OutputOptions.CreateOverwrite();
        var device = new Option<string>("--device") { Description = "Torch device for training: cpu or cuda.", DefaultValueFactory = _ => "cpu" };

        var command = new Command("verify", "Run the claims of a scale against Theory and write a report. Exit 0: every verdict (HOLDS, REFUTED, INCONCLUSIVE) is the one its claim expects; 1: a verdict differs or a claim threw; 2: bad input.");
        foreach (var o in new Option[] { scale, only, outDir, device, overwrite }) command.Add(o);

        command.SetAction(r =>
        {
            var scaleText = r.GetValue(scale) ?? "cpu";
            var claimScale = scaleText.ToLowerInvariant() switch
            {
                "cpu" => ClaimScale.Cpu,
                "paper" => ClaimScale.Paper,
                _ => throw new CliUsageException("--scale", scaleText, "expected cpu or paper"),
            };
            var deviceText = DeviceOption.Parse(r.GetValue(device));
            var claims = SelectClaims(claimScale, r.GetValue(only));
            // The report folder is checked before minutes of claims, not after, and held meanwhile.
            var report = r.GetValue(outDir) ?? "probsig-report";
            AtomicOutput.CheckFolder(report, r.GetValue(overwrite), VerifyRunner.Owner);
            using var folderLock = OutputLock.Acquire(report, "verify");
            var stderr = r.InvocationConfiguration.Error;
            var progress = new ClaimProgress(stderr);
            var context = new ClaimContext(claimScale, progress, deviceText);
            var header = new ReportHeader(DateTimeOffset.UtcNow, Machine(), deviceText, claimScale);
            var runner = new VerifyRunner(context, new ScottPlotRenderer(), r.InvocationConfiguration.Output, progress);
            return runner.Run(claims, report, header, r.GetValue(overwrite));
        });
        return command;
    }

    /// <summary>The claims to run; bad ids and an empty scale are bad input (exit 2).</summary>
    internal static IReadOnlyList<IClaim> SelectClaims(ClaimScale scale, string? only)
    {
        var scaleName = scale.ToString().ToLowerInvariant();
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

    /// <summary>The machine, and the CPU kernels that decide the figures' last bits (README, Reproducibility).</summary>
    private static string Machine() =>
        $"{Environment.MachineName}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {Empirics.Runtime.KernelPinning.Describe()}";
}
