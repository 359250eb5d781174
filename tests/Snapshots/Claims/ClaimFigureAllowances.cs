using ProbSig.Verification.Claims;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>
/// How far each claim's figures may move from their snapshot (absolute), from measured
/// run-to-run variation (README, "Reproducibility"; the runs are listed there).
/// <para>Same kernels (the snapshot's CPU, ATen kernels and MKL branch): five whole
/// `verify` runs on one machine (twice on two cores, once on one core, and the LM claims
/// alone) gave bit-identical training; the figures computed from the trained weights moved
/// by at most 1.7e-15 between one and two cores (libtorch splits the cosine and PPMI
/// reductions by thread count). 1e-12 leaves a margin of 500 over that and is still far
/// below any change of a setting: a learning rate of 2.1 instead of 2 moves C2 by 1e-3.</para>
/// <para>Other kernels: what changing ATen's kernels (AVX2, AVX-512, none; with and without
/// MKL_CBWR) moved on the same machine, times two, in three groups per claim: the headline
/// figures (measured, per_seed, null), the continuous details (losses, lifts, precisions),
/// and each count (blocks, metrics ahead) on its own. This is the best stand-in for a
/// different CPU available here; it is loose where a figure is chaotic in the weights
/// (C11's |Spearman| of ten digits and its p-value moved by 0.4). C2, C5, C6, C8a and the
/// new C15, C16 and C17 were measured again when issue 15 restated them (verify --only with
/// ATEN_CPU_CAPABILITY=avx2, avx512 and default). When issue 16 restated the LM claims (held-out
/// documents, stratified nulls, new rivals), avx512 against avx2 moved C9-C14 by no more than
/// their earlier allowances (C9 0.0008 headline, 0.008 details; C13 0.003, 0.013), which are kept;
/// C20-C22 were measured that way only.</para>
/// </summary>
internal static class ClaimFigureAllowances
{
    /// <summary>Same-kernel allowance of every figure.</summary>
    public const double SameKernels = 1e-12;

    /// <summary>Claim id to the largest change measured across ATen's kernels: of the headline
    /// figures (measured, per_seed, null), of the continuous details, and of each count.</summary>
    private static readonly Dictionary<string, (double Headline, double Details, Dictionary<string, double> Counts)> Measured = new()
    {
        ["C1"] = (7.77e-16, 2.22e-16, []),
        ["C2"] = (0.00443, 0.0543, []),
        ["C3"] = (0, 0.00102, []),
        ["C4"] = (0.00871, 0.00348, []),
        ["C5"] = (0.00269, 0.00102, []),
        ["C6"] = (0.0386, 0.461, []),
        ["C9"] = (0.0211, 0.156, []),
        ["C10"] = (0.00974, 0.0991, []),
        ["C11"] = (0.409, 0.409, []),
        ["C12"] = (0.005, 0.0353, new() { ["details.blocks_with_positive_difference"] = 2 }),
        ["C13"] = (0.0149, 0.123, []),
        ["C14"] = (0.0301, 0.031, new() { ["details.metrics_signature_ahead"] = 1 }),
        ["C6b"] = (2.22e-16, 5.55e-16, []),
        ["C7a"] = (0.000134, 0.00312, []),
        ["C7b"] = (0.00157, 0.000501, []),
        ["C8a"] = (2e-15, 1.11e-15, []),
        ["C8b"] = (0.000158, 0.000142, []),
        ["C15"] = (0, 3.71, []),
        ["C16"] = (3.33e-16, 1.11e-16, []),
        ["C17"] = (0.000422, 0.000364, []),   // avx2 against avx512 only
        ["C19"] = (1.33e-15, 5.55e-16, []),   // avx2 against avx512 only
        ["C18"] = (0.00443, 0.00443, []),     // C2's headline allowance: the same statistic on the same training (not measured apart)
        ["C20"] = (0.0197, 0.0197, []),       // avx2 against avx512 only (issue 16)
        ["C21"] = (0.00981, 0.013, []),       // avx2 against avx512 only
        ["C22"] = (0.0211, 0.00772, []),      // the headline is a difference of two points' Spearman: C9's headline allowance; details avx2 against avx512
        // Tables trained elsewhere (issue 17): avx2 against avx512 moved no figure at all (counting and ranks are managed; libtorch's
        // double SVD of the 1024 x 1024 PPMI agreed bit for bit), so the floor applies.
        ["C23"] = (0, 0, []),
        ["C24"] = (0, 0, []),
        ["C25"] = (0, 0, []),
        ["C26"] = (0, 0, []),
    };

    /// <summary>Below this, a cross-kernel change is rounding of the closed form alone.</summary>
    private const double OtherKernelsFloor = 1e-9;

    /// <summary>The allowance of each figure of claim <paramref name="claimId"/>.</summary>
    public static Func<string, FigureAllowance> For(string claimId)
    {
        if (!Measured.TryGetValue(claimId, out var m))
            throw new ArgumentException($"claim {claimId} has no measured allowance in {nameof(ClaimFigureAllowances)}; measure it (README, Reproducibility) and add it", nameof(claimId));
        double headline = Math.Max(OtherKernelsFloor, 2 * m.Headline);
        double details = Math.Max(OtherKernelsFloor, 2 * m.Details);
        return figure => new FigureAllowance(SameKernels,
            m.Counts.TryGetValue(figure, out var count) ? 2 * count
            : figure.StartsWith(ClaimFigureList.DetailPrefix, StringComparison.Ordinal) ? details : headline);
    }
}
