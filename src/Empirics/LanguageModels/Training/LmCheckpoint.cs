namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// A training checkpoint folder: the model (Hugging Face layout, written by the model's
/// saver), training_state.safetensors (AdamW moments "exp_avg.NAME", "exp_avg_sq.NAME") and
/// trainer_state.json. A new checkpoint is built in a temporary sibling folder and renamed
/// into place, so a killed run never leaves a half checkpoint: the folder holds either the
/// previous complete checkpoint or the new one. Files in the folder that the checkpoint does
/// not own (a tokenizer, outputs of the caller) are carried into each new checkpoint.
/// </summary>
public static class LmCheckpoint
{
    /// <summary>The trainer state file.</summary>
    public const string TrainerStateFile = "trainer_state.json";

    /// <summary>The optimiser state file.</summary>
    public const string OptimiserStateFile = "training_state.safetensors";

    /// <summary>True when <paramref name="dir"/> holds a complete checkpoint (its trainer state
    /// is written last, inside the temporary folder, before the rename).</summary>
    public static bool Exists(string dir)
    {
        Recover(dir);
        return File.Exists(Path.Combine(dir, TrainerStateFile));
    }

    /// <summary>
    /// Replaces the checkpoint in <paramref name="dir"/> atomically. <paramref name="writeModel"/>
    /// writes the model files into the folder it is given; <paramref name="ownedFiles"/> names
    /// the files it writes, so older copies are not carried over.
    /// </summary>
    public static void Write(string dir, Action<string> writeModel, IReadOnlyCollection<string> ownedFiles,
        IReadOnlyDictionary<string, TorchSharp.torch.Tensor> optimiserState, LmTrainerState state)
    {
        var full = Path.GetFullPath(dir.TrimEnd('/'));
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(full);
        var tmp = Path.Combine(parent, $".{name}.tmp-{Environment.ProcessId}");
        var old = Path.Combine(parent, $".{name}.old-{Environment.ProcessId}");
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        try
        {
            Recover(full);
            if (Directory.Exists(full))
            {
                var owned = new HashSet<string>(ownedFiles.Append(TrainerStateFile).Append(OptimiserStateFile), StringComparer.Ordinal);
                foreach (var file in Directory.EnumerateFiles(full))
                    if (!owned.Contains(Path.GetFileName(file))) File.Copy(file, Path.Combine(tmp, Path.GetFileName(file)));
                foreach (var sub in Directory.EnumerateDirectories(full))
                    CopyDirectory(sub, Path.Combine(tmp, Path.GetFileName(sub)));
            }
            writeModel(tmp);
            TrainingStateFile.Write(Path.Combine(tmp, OptimiserStateFile), optimiserState);
            state.Write(Path.Combine(tmp, TrainerStateFile));
            // Two renames: between them only the old folder exists, under a name Recover knows.
            if (Directory.Exists(full)) Directory.Move(full, old);
            Directory.Move(tmp, full);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }

    /// <summary>The trainer state of the checkpoint in <paramref name="dir"/>.</summary>
    /// <exception cref="InvalidDataException">No checkpoint there, or a bad file (named).</exception>
    public static LmTrainerState ReadState(string dir)
    {
        if (!Exists(dir)) throw new InvalidDataException($"{dir}: holds no training checkpoint ({TrainerStateFile} is missing)");
        return LmTrainerState.Read(Path.Combine(dir, TrainerStateFile));
    }

    /// <summary>The optimiser moments of the checkpoint in <paramref name="dir"/> (CPU float32; the caller owns them).</summary>
    public static Dictionary<string, TorchSharp.torch.Tensor> ReadOptimiserState(string dir)
    {
        var path = Path.Combine(dir, OptimiserStateFile);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: missing");
        return TrainingStateFile.Read(path);
    }

    /// <summary>
    /// A run killed between the two renames of <see cref="Write"/> leaves the previous checkpoint
    /// under ".NAME.old-PID" and no folder NAME: move it back. Leftover temporary folders
    /// (incomplete by construction) are removed.
    /// </summary>
    private static void Recover(string dir)
    {
        var full = Path.GetFullPath(dir.TrimEnd('/'));
        var parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent)) return;
        var name = Path.GetFileName(full);
        if (!Directory.Exists(full))
        {
            var orphan = Directory.EnumerateDirectories(parent, $".{name}.old-*").OrderByDescending(Directory.GetLastWriteTimeUtc).FirstOrDefault();
            if (orphan is not null) Directory.Move(orphan, full);
        }
        else
        {
            // Killed after the second rename: the new checkpoint is in place, the old one is stale.
            foreach (var stale in Directory.EnumerateDirectories(parent, $".{name}.old-*")) Directory.Delete(stale, recursive: true);
        }
        foreach (var stale in Directory.EnumerateDirectories(parent, $".{name}.tmp-*"))
            if (!stale.EndsWith($".tmp-{Environment.ProcessId}", StringComparison.Ordinal) && !ProcessAlive(stale))
                Directory.Delete(stale, recursive: true);
    }

    private static bool ProcessAlive(string tmpFolder)
    {
        var suffix = tmpFolder[(tmpFolder.LastIndexOf('-') + 1)..];
        if (!int.TryParse(suffix, out var pid)) return false;
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.EnumerateDirectories(from)) CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
    }
}
