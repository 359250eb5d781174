using NUnit.Framework;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>One test per network claim (C6 to C8); models are trained once per process
/// and shared between the claims through <see cref="ClaimRuns"/>.</summary>
[TestFixture]
public sealed class NetworkClaimTests
{
    [Test]
    public void C6_FeedForwardNetworksFollowLabelSignatures() => ClaimRuns.AssertExpectedVerdict("C6");

    [Test]
    public void C7a_IdenticalSignaturesGiveMoreAlignedEmbeddings() => ClaimRuns.AssertExpectedVerdict("C7a");

    [Test]
    public void C7b_AnchorChangeMovesSimilaritiesAsSignaturesPredict() => ClaimRuns.AssertExpectedVerdict("C7b");

    [Test]
    public void C8a_ClosedFormHoldsAtSmallInitAndFailsAtLargeInit() => ClaimRuns.AssertExpectedVerdict("C8a");

    [Test]
    public void C8b_PairOverrideLinearAgainstEmbeddingMlp() => ClaimRuns.AssertExpectedVerdict("C8b");

    [Test]
    public void C19_HiddenLayerMlp_FollowsTheEarlyTimeLaw() => ClaimRuns.AssertExpectedVerdict("C19");
}
