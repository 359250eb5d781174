using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ProbSig.Cli.Output;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Packages;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig lm tokenize`: token ids of a UTF-8 text file, written as a 1-D int64 .npy or a
/// JSON array. The whole file is encoded as one text (no special tokens added), so the
/// ids equal the tokenizer's on that text.
/// </summary>
internal static class LmTokenizeCommand
{
    /// <summary>The names that select Qwen2.5's tokenizer.</summary>
    private static readonly string[] QwenNames = ["qwen2.5", "qwen2", "qwen"];

    public static Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer") { Description = "qwen2.5, or a tokenizer.json, a vocab.json (merges.txt beside it) or a folder holding either.", Required = true };
        var input = new Option<string>("--in") { Description = "The UTF-8 text file to tokenize.", Required = true };
        var output = new Option<string>("--out") { Description = "ids.npy (int64, 1-D) or ids.json (a JSON array).", Required = true };
        var command = new Command("tokenize", "Token ids of a text file (Qwen2.5's tokenizer or a byte-level BPE from files).");
        var overwrite = Options.OutputOptions.CreateOverwrite();
        foreach (var o in new Option[] { tokenizer, input, output, overwrite }) command.Add(o);

        command.SetAction(r =>
        {
            var outPath = r.GetValue(output)!;
            var npy = outPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);
            if (!npy && !outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                throw new CliUsageException("--out", outPath, "must end in .npy or .json");
            AtomicOutput.CheckFile(outPath, r.GetValue(overwrite), [r.GetValue(input)!, r.GetValue(tokenizer)!]);

            var text = ReadText(r.GetValue(input)!);
            var tok = LoadTokenizer(r.GetValue(tokenizer)!, r.InvocationConfiguration.Error);
            var watch = Stopwatch.StartNew();
            int[] ids;
            try
            {
                ids = tok.Encode(text);
            }
            catch (InvalidOperationException e)
            {
                throw new CliUsageException("--in", r.GetValue(input)!, e.Message);
            }
            var seconds = watch.Elapsed.TotalSeconds;

            AtomicOutput.WriteNewFile(outPath, stream =>
            {
                if (npy) Npy.WriteInt64(stream, ids.Select(i => (long)i).ToArray(), ids.Length);
                else WriteJson(stream, ids);
            }, r.GetValue(overwrite), [r.GetValue(input)!]);
            r.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ids.Length} tokens from {text.Length} chars in {seconds:F2} s ({text.Length / Math.Max(seconds, 1e-9) / 1e6:F2} M chars/s) -> {outPath}"));
        });
        return command;
    }

    private static ITokenizer LoadTokenizer(string value, TextWriter progress)
    {
        try
        {
            if (QwenNames.Contains(value, StringComparer.OrdinalIgnoreCase))
                return QwenTokenizer.Load(progress: new Progress<string>(progress.WriteLine));
            if (value.StartsWith("bpe:", StringComparison.Ordinal) || value.StartsWith("builtin:", StringComparison.Ordinal))
                throw new CliUsageException("--tokenizer", value,
                    "trains a BPE on a corpus, and lm tokenize takes none: give qwen2.5, a tokenizer.json or vocab.json, or an lm train output folder");
            return TokenizerFiles.Load(value);
        }
        catch (TokenizerFileException e)
        {
            throw new CliUsageException("--tokenizer", value, e.Message);
        }
        catch (NpmPackageException e)
        {
            throw new CliUsageException("--tokenizer", value, e.Message);
        }
    }

    private static string ReadText(string path)
    {
        if (Directory.Exists(path)) throw new CliUsageException("--in", path, "is a folder; give a text file");
        if (!File.Exists(path)) throw new CliUsageException("--in", path, "no such file");
        var bytes = File.ReadAllBytes(path);
        try
        {
            // A UTF-8 byte-order mark is not text; anything that is not UTF-8 is an error,
            // never silently replaced.
            int skip = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            throw new CliUsageException("--in", path, $"not valid UTF-8 (at byte {e.Index})");
        }
    }

    private static void WriteJson(Stream stream, int[] ids)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartArray();
        foreach (var id in ids) json.WriteNumberValue(id);
        json.WriteEndArray();
    }
}
