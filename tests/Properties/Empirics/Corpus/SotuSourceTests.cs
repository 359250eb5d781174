using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Corpus;

namespace ProbSig.Tests.Properties.Empirics.Corpus;

[TestFixture]
public sealed class SotuSourceTests
{
    /// <summary>A fake package: five addresses (two in 1953, written out of order), their .txt twins, and a non-data file.</summary>
    private static CorpusTestFiles Package()
    {
        var files = new CorpusTestFiles();
        Address(files, "1953_harry_s_truman_d", 1953, "Harry S. Truman", "Democratic", "Truman's last.");
        Address(files, "1830_andrew_jackson_d", 1830, "Andrew Jackson", "Democratic", "Fellow Citizens — of the Senate.");
        Address(files, "1790_george_washington_n", 1790, "George Washington", "none", "Fellow-Citizens.");
        Address(files, "1953_dwight_d_eisenhower_r", 1953, "Dwight D. Eisenhower", "Republican", "Ike's first.");
        Address(files, "1901_theodore_roosevelt_r", 1901, "Theodore Roosevelt", "Republican", "The Congress assembles.");
        files.Write("package.json", "{}");
        return files;
    }

    private static void Address(CorpusTestFiles files, string name, int year, string president, string party, string text)
    {
        files.Write($"data/{name}.json", JsonSerializer.Serialize(new { year, name = president, party, text }));
        files.Write($"data/{name}.txt", text);
    }

    private static List<CorpusDocument> Read(string spec, string folder) =>
        CorpusSources.Parse(spec, new CorpusOptions(SotuFolder: folder)).Documents().ToList();

    [Test]
    public void AllAddresses_InYearThenNameOrder_WithTheirPartiesAndTexts()
    {
        using var files = Package();
        var source = new SotuSource(new SotuDescription(), files.Root);
        var documents = source.Documents().ToList();
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[]
        {
            "sotu/1790_george_washington_n", "sotu/1830_andrew_jackson_d", "sotu/1901_theodore_roosevelt_r",
            "sotu/1953_dwight_d_eisenhower_r", "sotu/1953_harry_s_truman_d",
        }));
        Assert.That(documents.Select(d => d.Subset), Is.EqualTo(new[] { "none", "Democratic", "Republican", "Republican", "Democratic" }));
        Assert.That(documents[1].Text, Is.EqualTo("Fellow Citizens — of the Senate."));
        Assert.That(documents.All(d => d.Tags is null), Is.True);
        Assert.That(source.Name, Is.EqualTo("sotu"));
        Assert.That(source.Report.Documents, Is.EqualTo(5));
        Assert.That(source.Report.NotSelected, Is.Zero);
    }

    [Test]
    public void Parties_SelectTheirAddresses()
    {
        using var files = Package();
        var source = CorpusSources.Parse("sotu:Democratic,none", new CorpusOptions(SotuFolder: files.Root));
        var documents = source.Documents().ToList();
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(new[] { "sotu/1790_george_washington_n", "sotu/1830_andrew_jackson_d", "sotu/1953_harry_s_truman_d" }));
        Assert.That(source.Name, Is.EqualTo("sotu:Democratic,none"));
        Assert.That(source.Report.NotSelected, Is.EqualTo(2));
    }

    [Test]
    public void AYearRange_SelectsItsYears_AloneOrWithParties()
    {
        using var files = Package();
        Assert.That(Read("sotu:1900-1999", files.Root).Select(d => d.Id), Is.EqualTo(new[]
            { "sotu/1901_theodore_roosevelt_r", "sotu/1953_dwight_d_eisenhower_r", "sotu/1953_harry_s_truman_d" }));
        Assert.That(Read("sotu:1900-1999:Democratic", files.Root).Select(d => d.Id), Is.EqualTo(new[] { "sotu/1953_harry_s_truman_d" }));
        Assert.That(Read("sotu:-1830", files.Root), Has.Count.EqualTo(2));
        Assert.That(Read("sotu:1901-", files.Root), Has.Count.EqualTo(3));
        Assert.That(Read("sotu:1953", files.Root), Has.Count.EqualTo(2));
    }

    [Test]
    public void Ids_AreCanonical()
    {
        Assert.That(CorpusSources.Describe("sotu").Id, Is.EqualTo("sotu"));
        Assert.That(CorpusSources.Describe("sotu:Republican,Democratic:1900-1999").Id, Is.EqualTo("sotu:1900-1999:Democratic,Republican"));
        Assert.That(CorpusSources.Describe("sotu:1953-1953").Id, Is.EqualTo("sotu:1953"));
        Assert.That(CorpusSources.Describe("sotu:-1850").Id, Is.EqualTo("sotu:-1850"));
        Assert.That(CorpusSources.Describe("sotu:Whig & Democratic,Democratic-Republican").Id, Is.EqualTo("sotu:Democratic-Republican,Whig & Democratic"));
        Assert.That(CorpusSources.Describe("sotu:1900-1999:Democratic"), Is.EqualTo(new SotuDescription(["Democratic"], 1900, 1999)));
    }

    [Test]
    public void AnUnknownParty_IsAnErrorListingTheParties()
    {
        var e = Assert.Throws<CorpusException>(() => CorpusSources.Describe("sotu:Labour"));
        Assert.That(e!.Message, Is.EqualTo("sotu: unknown party 'Labour'; the parties are 'Democratic', 'Democratic-Republican', 'Federalist', 'National Union', 'Republican', 'Whig', 'Whig & Democratic', 'none'"));
    }

    [TestCase("sotu:1999-1900", "sotu: the year range 1999-1900 ends before it starts")]
    [TestCase("sotu:1900-1950:1960-1970", "sotu:1900-1950:1960-1970: two year ranges")]
    [TestCase("sotu:Whig:Federalist", "sotu:Whig:Federalist: two party lists (separate parties with ',')")]
    [TestCase("sotu:99999999999", "sotu: '99999999999' is not a year")]
    public void AMalformedSpec_IsAnError(string spec, string expected)
    {
        Assert.That(Assert.Throws<CorpusException>(() => CorpusSources.Describe(spec))!.Message, Is.EqualTo(expected));
    }

    [Test]
    public void AFileWhoseYearDoesNotMatchItsName_IsAnError()
    {
        using var files = Package();
        var path = files.Write("data/1902_theodore_roosevelt_r.json", JsonSerializer.Serialize(new { year = 1903, name = "T", party = "Republican", text = "x" }));
        var e = Assert.Throws<CorpusException>(() => Read("sotu", files.Root));
        Assert.That(e!.Message, Is.EqualTo($"{path}: \"year\" is 1903 but the file name says 1902"));
    }

    [Test]
    public void InvalidUtf8_OrAMissingField_IsAnErrorNamingTheFile()
    {
        using var files = Package();
        var bad = files.Write("data/1902_x_r.json", [.. "{\"year\":1902,\"text\":\""u8, 0xFF, .. "\"}"u8]);
        Assert.That(Assert.Throws<CorpusException>(() => Read("sotu", files.Root))!.Message, Is.EqualTo($"{bad}: invalid UTF-8 at byte offset 21"));
        files.Write("data/1902_x_r.json", "{\"year\":1902,\"name\":\"X\",\"text\":\"t\"}");
        Assert.That(Assert.Throws<CorpusException>(() => Read("sotu", files.Root))!.Message, Is.EqualTo($"{bad}: no string \"party\""));
    }

    [Test]
    public void AFolderWithoutData_IsNotThePackage()
    {
        using var files = new CorpusTestFiles();
        var e = Assert.Throws<CorpusException>(() => Read("sotu", files.Root));
        Assert.That(e!.Message, Is.EqualTo($"{files.Root}: not the SOTU package (no data folder)"));
    }

    [Test]
    public void APartyWithNoAddressInTheYears_IsAWarning()
    {
        using var files = Package();
        var source = CorpusSources.Parse("sotu:1900-1999:Whig", new CorpusOptions(SotuFolder: files.Root));
        Assert.That(source.Documents().ToList(), Is.Empty);
        Assert.That(source.Report.Warnings, Is.EqualTo(new[] { "party 'Whig' has no address in the selected years" }));
    }
}
