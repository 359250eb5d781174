using ProbSig.Verification.Claims.Network;

namespace ProbSig.Verification.Claims;

/// <summary>Claims C6 to C8: feed-forward networks, interventions, and where the theory stops.
/// Each lives in its own file under Claims/Network; they share trained models through the
/// claim context (see <see cref="NetworkKit"/>). Cost, measured on the 2-core machine at load
/// about 1.7: C6 20 s, C7a 3 s, C7b 7 s, C8a 18 s, C8b 6 s wall (54 s together, 112 CPU seconds).</summary>
public static class NetworkClaims
{
    /// <summary>The claims of this file.</summary>
    public static IReadOnlyList<IClaim> All() =>
    [
        new FeedForwardSignatureClaim(),
        new IdenticalSignatureClaim(),
        new AnchorChangeClaim(),
        new InitScaleClaim(),
        new PairOverrideClaim(),
    ];
}
