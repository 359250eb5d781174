using System.CommandLine;
using System.Text.Json;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig lm logits`: the last-layer logits of a Qwen2-layout checkpoint for given token
/// ids, float32 .npy, for checking against other tools. Prints nothing on success.
/// </summary>
internal static class LmLogitsCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A Qwen2/Qwen2.5 folder: config.json and model.safetensors (or sharded with model.safetensors.index.json).", Required = true };
        var ids = new Option<string>("--ids") { Description = "ids.json: a JSON array of token ids (one sequence) or an array of equal-length arrays (a batch).", Required = true };
        var output = new Option<string>("--out") { Description = "logits.npy: float32, shape (T, V) for one sequence or (B, T, V) for a batch.", Required = true };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("logits", "Last-layer logits of a Qwen2-layout checkpoint for given token ids (float32 .npy).");
        var overwrite = OutputOptions.CreateOverwrite();
        foreach (var o in new Option[] { checkpoint, ids, output, device, overwrite }) command.Add(o);

        command.SetAction(r =>
        {
            var outPath = r.GetValue(output)!;
            if (!outPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
                throw new CliUsageException("--out", outPath, "must end in .npy");
            var deviceName = DeviceOption.Parse(r.GetValue(device));
            var dir = r.GetValue(checkpoint)!;
            var idsPath = r.GetValue(ids)!;
            AtomicOutput.CheckFile(outPath, r.GetValue(overwrite), [idsPath]);

            var config = Checkpoint(dir, () => Qwen2Checkpoint.ReadConfig(dir));
            var batch = ReadIds(idsPath, config.VocabSize, config.MaxPositionEmbeddings);
            using var model = Checkpoint(dir, () => Qwen2Checkpoint.Load(dir, deviceName));
            model.eval();

            float[] values;
            using (var scope = torch.NewDisposeScope())
            using (torch.no_grad())
            {
                var input = torch.tensor(batch.Ids, [batch.Rows, batch.Length], dtype: ScalarType.Int64, device: torch.device(deviceName));
                var logits = model.call(input).to(ScalarType.Float32).cpu().contiguous();   // (B, T, V)
                values = logits.data<float>().ToArray();
            }
            int[] shape = batch.Batched ? [batch.Rows, batch.Length, config.VocabSize] : [batch.Length, config.VocabSize];
            AtomicOutput.WriteNewFile(outPath, stream => Npy.WriteFloat32(stream, values, shape), r.GetValue(overwrite), [idsPath]);
        });
        return command;
    }

    private static T Checkpoint<T>(string dir, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (CheckpointException e)
        {
            throw new CliUsageException("--checkpoint", dir, e.Message);
        }
    }

    /// <summary>Token ids, row-major (B, T); Batched is false for a single sequence.</summary>
    private sealed record IdBatch(long[] Ids, int Rows, int Length, bool Batched);

    private static IdBatch ReadIds(string path, int vocabSize, int maxLength)
    {
        if (!File.Exists(path)) throw new CliUsageException("--ids", path, "no such file");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new CliUsageException("--ids", path, $"not valid JSON ({e.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
                throw new CliUsageException("--ids", path, "expected a non-empty JSON array of token ids, or an array of such arrays");
            bool batched = root[0].ValueKind == JsonValueKind.Array;
            var rows = batched ? root.EnumerateArray().ToList() : [root];
            int length = -1;
            var ids = new List<long>();
            for (int b = 0; b < rows.Count; b++)
            {
                var row = rows[b];
                string where = batched ? $"sequence {b}" : "the sequence";
                if (row.ValueKind != JsonValueKind.Array)
                    throw new CliUsageException("--ids", path, $"{where} is {row.ValueKind}; a batch is an array of arrays of token ids");
                int n = row.GetArrayLength();
                if (n == 0) throw new CliUsageException("--ids", path, $"{where} is empty");
                if (length >= 0 && n != length)
                    throw new CliUsageException("--ids", path, $"{where} has {n} ids but sequence 0 has {length}; a batch needs equal lengths");
                if (n > maxLength)
                    throw new CliUsageException("--ids", path, $"{where} has {n} ids, more than the checkpoint's max_position_embeddings {maxLength}");
                length = n;
                int t = 0;
                foreach (var v in row.EnumerateArray())
                {
                    if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var id))
                        throw new CliUsageException("--ids", path, $"{where}, position {t}: {v.GetRawText()} is not an integer token id");
                    if (id < 0 || id >= vocabSize)
                        throw new CliUsageException("--ids", path, $"{where}, position {t}: id {id} is outside the vocabulary 0..{vocabSize - 1}");
                    ids.Add(id);
                    t++;
                }
            }
            return new IdBatch([.. ids], rows.Count, length, batched);
        }
    }
}
