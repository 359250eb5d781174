using System.Globalization;
using ProbSig.Theory.Corpus;

namespace ProbSig.Empirics.Corpus.Pipeline;

/// <summary>
/// `--shard auto`: the part of the corpus this process counts, from the scheduler that
/// started it, so that one job script counts a Pile-sized corpus in parallel and a final
/// `lm signatures merge` gives exactly the single pass (counts are additive over documents).
/// <list type="bullet">
/// <item>Slurm job arrays (`sbatch --array=0-15`): SLURM_ARRAY_TASK_ID, with the array's size
/// from SLURM_ARRAY_TASK_COUNT, or else from SLURM_ARRAY_TASK_MIN, _MAX and _STEP (an array
/// 1-16 or 0-30:2 maps onto parts 0..15 in order).</item>
/// <item>Kubernetes Indexed Jobs (`completionMode: Indexed`): JOB_COMPLETION_INDEX, with the
/// completions count from JOB_COMPLETIONS, which Kubernetes does not set by itself: the Job's
/// pod template sets it to the same number as `.spec.completions` (README's manifest does).</item>
/// </list>
/// </summary>
public static class SchedulerShard
{
    /// <summary>The part the environment names, and where it came from (for the progress line).</summary>
    /// <param name="environment">Reads a variable (null when unset); the process environment in the CLI.</param>
    /// <exception cref="FormatException">No scheduler's variables are set, both are, or they are inconsistent; the message names the variables.</exception>
    public static (ShardSelector Shard, string Source) FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? slurm = environment("SLURM_ARRAY_TASK_ID"), kubernetes = environment("JOB_COMPLETION_INDEX");
        if (slurm is not null && kubernetes is not null)
            throw new FormatException($"both SLURM_ARRAY_TASK_ID ({slurm}) and JOB_COMPLETION_INDEX ({kubernetes}) are set; give the part as i/n");
        if (slurm is not null) return Slurm(environment, Number("SLURM_ARRAY_TASK_ID", slurm));
        if (kubernetes is not null) return Kubernetes(environment, Number("JOB_COMPLETION_INDEX", kubernetes));
        throw new FormatException("neither a Slurm array task (SLURM_ARRAY_TASK_ID) nor a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) started this process; give the part as i/n");
    }

    private static (ShardSelector, string) Slurm(Func<string, string?> environment, int id)
    {
        int min = Optional(environment, "SLURM_ARRAY_TASK_MIN") ?? 0;
        int step = Optional(environment, "SLURM_ARRAY_TASK_STEP") ?? 1;
        int? max = Optional(environment, "SLURM_ARRAY_TASK_MAX");
        int? count = Optional(environment, "SLURM_ARRAY_TASK_COUNT");
        if (step < 1) throw new FormatException($"SLURM_ARRAY_TASK_STEP is {step}; expected 1 or more");
        if (id < min || (id - min) % step != 0)
            throw new FormatException($"SLURM_ARRAY_TASK_ID {id} is not in the array {min}-{max?.ToString(CultureInfo.InvariantCulture) ?? "?"}:{step}");
        int n = count ?? (max is { } m ? (m - min) / step + 1
            : throw new FormatException("SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX says how many tasks the array has"));
        int index = (id - min) / step;
        if (index >= n)
            throw new FormatException($"SLURM_ARRAY_TASK_ID {id} is task {index} of an array of {n}; an array with gaps (0,3,7) cannot be mapped onto parts, use 0-N");
        return (new ShardSelector(index, n), $"Slurm array task {id} (array {min}-{min + (n - 1) * step}:{step}, {n} tasks)");
    }

    private static (ShardSelector, string) Kubernetes(Func<string, string?> environment, int index)
    {
        int n = Optional(environment, "JOB_COMPLETIONS")
            ?? throw new FormatException("JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not; set it in the Job's pod template to .spec.completions (Kubernetes does not)");
        if (n < 1 || index >= n) throw new FormatException($"JOB_COMPLETION_INDEX {index} is not below JOB_COMPLETIONS {n}");
        return (new ShardSelector(index, n), $"Kubernetes Indexed Job completion {index} of {n}");
    }

    private static int? Optional(Func<string, string?> environment, string name) =>
        environment(name) is { } text ? Number(name, text) : null;

    private static int Number(string name, string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v : throw new FormatException($"{name} is '{text}', not a whole number");
}
