using ProbSig.Bench.Rows;

namespace ProbSig.Bench;

/// <summary>
/// One part of `probsig bench` (LM training, the closed form, counting ...): measures our code
/// and its reference in the same run and returns their rows. Groups run one after another, never
/// beside each other, so no group's timing shares the cores with another's.
/// </summary>
public interface IBenchGroup
{
    /// <summary>Short name for `--only` and the table: "lm-train".</summary>
    string Name { get; }

    /// <summary>What it measures, for `--help`.</summary>
    string Description { get; }

    /// <summary>Measures and returns the group's rows.</summary>
    IReadOnlyList<BenchRow> Measure(BenchContext context);
}
