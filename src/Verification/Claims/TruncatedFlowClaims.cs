using ProbSig.Verification.Claims.Flow;

namespace ProbSig.Verification.Claims;

/// <summary>Claim C6b: the truncated small-init flow of the embedding MLP (THEORY 3.3).</summary>
public static class TruncatedFlowClaims
{
    /// <summary>The claims of this file.</summary>
    public static IReadOnlyList<IClaim> All() => [new TruncatedFlowClaim()];
}
