using ProbSig.Verification.Claims.Linear;

namespace ProbSig.Verification.Claims;

/// <summary>Claims C1 to C5: the linear model on the composite addition task.</summary>
public static class LinearModelClaims
{
    /// <summary>The claims of this file: the closed form near t* (C1), and on the trained
    /// runs they share, label signatures (C2), ordered keys (C3), the distance fingerprint
    /// (C4) and output-side signatures (C5).</summary>
    public static IReadOnlyList<IClaim> All() =>
    [
        new ClosedFormClaim(),
        new TrainedSignatureClaim(),
        new OrderedStructureClaim(),
        new FingerprintClaim(),
        new UnembeddingClaim(),
    ];
}
