using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig lm tokenize`: token ids of a UTF-8 text file, written as a 1-D int64 .npy or a
/// JSON array. The file is read as a one-document corpus and encoded as one text (no
/// special tokens added), so the ids equal the tokenizer's on that text and those the
/// other `lm` verbs count for that file.
/// </summary>
internal static class LmTokenizeCommand
{
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

            var inPath = r.GetValue(input)!;
            if (Directory.Exists(inPath)) throw new CliUsageException("--in", inPath, "is a folder; give a text file");
            if (!File.Exists(inPath)) throw new CliUsageException("--in", inPath, "no such file");
            var spec = r.GetValue(tokenizer)!;
            var tok = LmInputs.Load(LmInputs.ParseTokenizer(spec, trainOn: null, noCorpus: NoCorpus), spec,
                new Progress<string>(r.InvocationConfiguration.Error.WriteLine));
            // The file is one document, read strictly: a byte that is not UTF-8 is an error, never replaced.
            var pipeline = new CorpusPipeline(new TextDescription(inPath), tok, options: new CorpusOptions(Strict: true));
            CorpusDocument document;
            try { document = pipeline.Documents().Single(); }
            catch (CorpusException e) { throw new CliUsageException("--in", inPath, e.Message); }
            var text = document.Text;
            var watch = Stopwatch.StartNew();
            int[] ids;
            try
            {
                ids = pipeline.Encode(document);
            }
            catch (InvalidOperationException e)
            {
                throw new CliUsageException("--in", inPath, e.Message);
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

    /// <summary>Why bpe:SIZE is refused here.</summary>
    private const string NoCorpus =
        "trains a BPE on a corpus, and lm tokenize takes none: give qwen2.5, a tokenizer.json or vocab.json, or an lm train output folder";

    private static void WriteJson(Stream stream, int[] ids)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartArray();
        foreach (var id in ids) json.WriteNumberValue(id);
        json.WriteEndArray();
    }
}
