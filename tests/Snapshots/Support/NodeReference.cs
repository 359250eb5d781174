using System.Diagnostics;
using System.Text.Json;
using NUnit.Framework;

namespace ProbSig.Tests.Snapshots.Support;

/// <summary>
/// Runs the independent JavaScript implementation of THEORY 3.1 in
/// Reference/predict_reference.js with node (present on every machine of this project).
/// </summary>
public static class NodeReference
{
    public static (string[] Tokens, double[][] Cosine) Predict(object config)
    {
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Reference", "predict_reference.js");
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(JsonSerializer.Serialize(config));
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("node is not installed: the JavaScript reference cannot run here");
            throw;
        }
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "reference failed: " + error);
        using var doc = JsonDocument.Parse(output);
        return ReadCosine(doc.RootElement);
    }

    public static (string[] Tokens, double[][] Cosine) ReadCosine(JsonElement root)
    {
        var tokens = root.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var cosine = root.GetProperty("cosine").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return (tokens, cosine);
    }
}
