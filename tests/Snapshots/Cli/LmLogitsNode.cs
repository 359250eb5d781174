using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// The independent JavaScript Qwen2 tools in Reference/: qwen2_make_checkpoint.js (random
/// checkpoints through its own safetensors writer) and qwen2_reference.js (a float64
/// forward pass from transformers' equations). Tests skip with a reason where node is absent.
/// </summary>
internal static class LmLogitsNode
{
    /// <summary>A small random config in config.json's names.</summary>
    public static Dictionary<string, object> Config(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads,
        bool tied, double theta = 10000, double eps = 1e-6) => new()
    {
        ["vocab_size"] = vocab, ["hidden_size"] = hidden, ["intermediate_size"] = intermediate,
        ["num_hidden_layers"] = layers, ["num_attention_heads"] = heads, ["num_key_value_heads"] = kvHeads,
        ["rms_norm_eps"] = eps, ["rope_theta"] = theta, ["tie_word_embeddings"] = tied, ["max_position_embeddings"] = 128,
    };

    /// <summary>Runs qwen2_make_checkpoint.js with <paramref name="spec"/> (its "dir" is set here) and returns the folder.</summary>
    public static string MakeCheckpoint(Dictionary<string, object> spec)
    {
        var dir = Path.Combine(Support.CliRunner.TempFolder(), "ckpt");
        spec["dir"] = dir;
        Node("qwen2_make_checkpoint.js", JsonSerializer.Serialize(spec));
        return dir;
    }

    /// <summary>Logits of the reference for the ids in <paramref name="idsFile"/>: shape and float64 values.</summary>
    public static Npy.Array Reference(string checkpoint, string idsFile)
    {
        var output = Path.Combine(Support.CliRunner.TempFolder(), "reference.npy");
        Node("qwen2_reference.js", checkpoint, idsFile, output);
        using var stream = File.OpenRead(output);
        return Npy.Read(stream);
    }

    /// <summary>Writes ids as JSON (one sequence or a batch) into a fresh file.</summary>
    public static string WriteIds(object ids)
    {
        var path = Path.Combine(Support.CliRunner.TempFolder(), "ids.json");
        File.WriteAllText(path, JsonSerializer.Serialize(ids));
        return path;
    }

    /// <summary>Reads a .npy written by `lm logits`.</summary>
    public static Npy.Array ReadNpy(string path)
    {
        using var stream = File.OpenRead(path);
        return Npy.Read(stream);
    }

    /// <summary>
    /// Relative error: over every position (b, t), max_v |ours - ref| / max_v |ref|, and the
    /// largest over positions. Normalising by the row's largest logit rather than by each
    /// entry keeps logits near zero from inflating it.
    /// </summary>
    public static double MaxRelativeError(Npy.Array ours, Npy.Array reference)
    {
        Assert.That(ours.Shape, Is.EqualTo(reference.Shape), "logits shape");
        int v = ours.Shape[^1];
        double worst = 0;
        for (int row = 0; row < ours.Data.Length / v; row++)
        {
            double diff = 0, scale = 0;
            for (int j = row * v; j < (row + 1) * v; j++)
            {
                diff = Math.Max(diff, Math.Abs(ours.Data[j] - reference.Data[j]));
                scale = Math.Max(scale, Math.Abs(reference.Data[j]));
            }
            worst = Math.Max(worst, diff / scale);
        }
        return worst;
    }

    public static string Format(double value) => value.ToString("E2", CultureInfo.InvariantCulture);

    private static void Node(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Reference", script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("node is not installed: the JavaScript Qwen2 reference cannot run here");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, $"{script} failed: {stderr}{stdout.Result}");
        }
    }
}
