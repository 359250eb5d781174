using ProbSig.Empirics.Claims.Network;

namespace ProbSig.Empirics.Claims;

/// <summary>Claims C6 to C8: feed-forward networks, interventions, and where the theory stops.
/// Each lives in its own file under Claims/Network; they share trained models through the
/// claim context (see <see cref="NetworkKit"/>).</summary>
public static class NetworkClaims
{
    /// <summary>The claims of this file.</summary>
    public static IReadOnlyList<IClaim> All() =>
    [
        new CpuTimedClaim(new FeedForwardSignatureClaim()),
        new CpuTimedClaim(new IdenticalSignatureClaim()),
        new CpuTimedClaim(new AnchorChangeClaim()),
        new CpuTimedClaim(new InitScaleClaim()),
        new CpuTimedClaim(new PairOverrideClaim()),
    ];
}
