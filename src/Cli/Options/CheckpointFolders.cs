using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProbSig.Empirics.Checkpoints.HuggingFace;
using ProbSig.Empirics.LanguageModels.Training;

namespace ProbSig.Cli.Options;

/// <summary>One checkpoint of a folder of checkpoints, with the training step it was taken at.</summary>
/// <param name="Path">The checkpoint's folder.</param>
/// <param name="Name">The folder's name (its subfolder in the output).</param>
/// <param name="Step">The training step.</param>
/// <param name="StepFrom">Where the step was read: "trainer_state.json" or "folder name".</param>
internal sealed record CheckpointFolder(string Path, string Name, int Step, string StepFrom);

/// <summary>
/// A --checkpoint value that names a folder of checkpoints rather than one: a folder without
/// config.json whose subfolders hold one each (as Hugging Face's Trainer writes
/// checkpoint-100/, checkpoint-200/, or any names), in step order.
/// </summary>
internal static partial class CheckpointFolders
{
    /// <summary>
    /// The checkpoints in <paramref name="dir"/>'s subfolders, ordered by the step in each one's
    /// trainer_state.json ("step", as `lm train` writes it, or "global_step", as Hugging Face's
    /// Trainer does) or else by the first integer in its name; null when <paramref name="dir"/>
    /// is a checkpoint itself (it holds config.json), is missing, or holds files but no
    /// subfolders (the single-checkpoint reading then names what is missing). Subfolders whose
    /// names start with '.' are skipped.
    /// </summary>
    /// <exception cref="CliUsageException">An empty folder, subfolders none of which holds a checkpoint,
    /// a checkpoint with no step, or two checkpoints at one step (each named).</exception>
    public static IReadOnlyList<CheckpointFolder>? Find(string dir, string option = "--checkpoint")
    {
        if (!Directory.Exists(dir) || File.Exists(Path.Combine(dir, Qwen2Checkpoint.ConfigFile))) return null;
        if (!Directory.EnumerateFileSystemEntries(dir).Any())
            throw new CliUsageException(option, dir, "is empty: give a checkpoint folder (config.json and model.safetensors) or a folder of checkpoint folders");
        var subfolders = Directory.GetDirectories(dir).Where(d => !Path.GetFileName(d).StartsWith('.')).ToArray();
        var checkpoints = subfolders.Where(d => File.Exists(Path.Combine(d, Qwen2Checkpoint.ConfigFile))).ToArray();
        if (checkpoints.Length == 0)
        {
            if (subfolders.Length == 0) return null;
            throw new CliUsageException(option, dir,
                $"holds no {Qwen2Checkpoint.ConfigFile}, and none of its {subfolders.Length} subfolder(s) holds a checkpoint ({Qwen2Checkpoint.ConfigFile}); give a checkpoint folder or a folder of checkpoint folders");
        }
        var found = checkpoints.Select(d => Read(d, option)).OrderBy(c => c.Step).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        for (int i = 1; i < found.Count; i++)
            if (found[i].Step == found[i - 1].Step)
                throw new CliUsageException(option, dir,
                    $"{found[i - 1].Name} and {found[i].Name} are both at step {found[i].Step} ({found[i - 1].StepFrom}, {found[i].StepFrom}); a curve takes one checkpoint per step");
        return found;
    }

    private static CheckpointFolder Read(string dir, string option)
    {
        var name = Path.GetFileName(dir);
        if (StepInTrainerState(dir, option) is { } step) return new CheckpointFolder(dir, name, step, LmCheckpoint.TrainerStateFile);
        var number = FirstInteger().Match(name);
        if (number.Success && int.TryParse(number.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var fromName))
            return new CheckpointFolder(dir, name, fromName, "folder name");
        throw new CliUsageException(option, dir,
            $"has no step: no {LmCheckpoint.TrainerStateFile} with \"step\" or \"global_step\", and no number in its name; rename it (e.g. checkpoint-100) to place it in the curve");
    }

    /// <summary>"step" (lm train's trainer_state.json) or "global_step" (Hugging Face's); null when the file or both fields are missing.</summary>
    private static int? StepInTrainerState(string dir, string option)
    {
        var path = Path.Combine(dir, LmCheckpoint.TrainerStateFile);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new CliUsageException(option, path, "is not a JSON object");
            foreach (var field in new[] { "step", "global_step" })
                if (doc.RootElement.TryGetProperty(field, out var v))
                    return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var step) && step >= 0 ? step
                        : throw new CliUsageException(option, path, $"\"{field}\" is {v.GetRawText()}; a step is a non-negative integer");
            return null;
        }
        catch (JsonException e)
        {
            throw new CliUsageException(option, path, $"cannot be read as JSON: {e.Message}");
        }
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex FirstInteger();
}
