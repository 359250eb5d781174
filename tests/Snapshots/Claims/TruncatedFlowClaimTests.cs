using NUnit.Framework;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>C6b: the truncated c2 flow against the leading order on the GELU embedding MLP.</summary>
[TestFixture]
public sealed class TruncatedFlowClaimTests
{
    [Test]
    public void C6b_TruncatedFlowAgainstLeadingOrder_HoldsWithinTolerance() => ClaimRuns.AssertHolds("C6b");
}
