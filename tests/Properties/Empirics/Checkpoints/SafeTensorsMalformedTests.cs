using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Runtime;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Checkpoints;

/// <summary>Each kind of malformed safetensors file gives its own message naming the file and tensor.</summary>
[TestFixture]
public sealed class SafeTensorsMalformedTests
{
    private string dir = "";

    [OneTimeSetUp]
    public void Init() => TorchRuntime.Initialise();

    [SetUp]
    public void MakeFolder()
    {
        dir = Path.Combine(Path.GetTempPath(), "probsig-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(dir, recursive: true);

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    private static SafeTensorsException Fails(string path, string? tensor, params string[] fragments)
    {
        var ex = Assert.Throws<SafeTensorsException>(() =>
        {
            using var scope = NewDisposeScope();
            SafeTensorsFile.Read(path);
        })!;
        Assert.That(ex.File, Is.EqualTo(path));
        Assert.That(ex.Message, Does.StartWith(path));
        Assert.That(ex.Tensor, Is.EqualTo(tensor));
        if (tensor is not null) Assert.That(ex.Message, Does.Contain($"'{tensor}'"));
        foreach (var f in fragments) Assert.That(ex.Message, Does.Contain(f));
        return ex;
    }

    [Test]
    public void Malformed_ShorterThanLengthPrefix()
    {
        var path = Path.Combine(dir, "short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Fails(path, null, "3 bytes", "too short");
    }

    [Test]
    public void Malformed_HeaderLengthBeyondFile()
    {
        var path = SafeTensorsBytes.WriteRaw(dir, "{}", [], headerLength: 1_000);
        Fails(path, null, "header length 1000", "beyond the end of the file");
    }

    [Test]
    public void Malformed_HeaderNotJson()
    {
        var path = SafeTensorsBytes.WriteRaw(dir, "{\"w\": {\"dtype\": \"F32\",", []);
        Fails(path, null, "not valid JSON");
    }

    [Test]
    public void Malformed_OffsetsDisagreeWithShapeAndDtype()
    {
        var path = SafeTensorsBytes.WriteRaw(dir, "{" + Entry("w", "F32", "[3]", 0, 8) + "}", new byte[8]);
        Fails(path, "w", "[0, 8] hold 8 bytes", "shape [3] of F32 needs 12");
    }

    [Test]
    public void Malformed_OverlappingOffsets()
    {
        var json = "{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 4, 12) + "}";
        var path = SafeTensorsBytes.WriteRaw(dir, json, new byte[12]);
        Fails(path, "b", "overlap", "'a'");
    }

    [Test]
    public void Malformed_GapBetweenTensors()
    {
        var json = "{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[1]", 8, 12) + "}";
        var path = SafeTensorsBytes.WriteRaw(dir, json, new byte[12]);
        Fails(path, "b", "bytes 4..8", "no tensor");
    }

    [Test]
    public void Malformed_TruncatedData_NamesTheTensorCut()
    {
        var json = "{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[4]", 8, 24) + "}";
        var path = SafeTensorsBytes.WriteRaw(dir, json, new byte[15]);
        Fails(path, "b", "truncated", "15 data bytes");
    }

    [Test]
    public void Malformed_TrailingBytesAfterLastTensor()
    {
        var path = SafeTensorsBytes.WriteRaw(dir, "{" + Entry("a", "F32", "[1]", 0, 4) + "}", new byte[6]);
        Fails(path, null, "2 bytes after the last tensor");
    }

    [Test]
    public void Malformed_UnsupportedDtype_IsNamedWithTheSupportedList()
    {
        var json = "{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("d", "F64", "[1]", 4, 12) + "}";
        var path = SafeTensorsBytes.WriteRaw(dir, json, new byte[12]);
        Fails(path, "d", "dtype F64 is not supported", "(supported: F32, F16, BF16, I64, I32)");
        // The header itself is fine, and the supported tensor can still be read alone.
        using var scope = NewDisposeScope();
        Assert.That(SafeTensorsFile.Read(path, names: ["a"]).Keys, Is.EquivalentTo(new[] { "a" }));
    }

    [Test]
    public void Malformed_UnknownDtype()
    {
        var path = SafeTensorsBytes.WriteRaw(dir, "{" + Entry("q", "Q4_K", "[1]", 0, 4) + "}", new byte[4]);
        Fails(path, "q", "'Q4_K' is not a safetensors dtype");
    }

    [Test]
    public void Malformed_NegativeOrFractionalShape()
    {
        var path = SafeTensorsBytes.WriteRaw(dir, "{" + Entry("s", "F32", "[-1]", 0, 4) + "}", new byte[4]);
        Fails(path, "s", "shape holds -1");
    }

    [Test]
    public void Missing_RequestedTensor_IsNamed()
    {
        var path = SafeTensorsBytes.WriteRaw(dir, "{" + Entry("a", "F32", "[1]", 0, 4) + "}", new byte[4]);
        var ex = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Read(path, names: ["zz"]))!;
        Assert.That(ex.Message, Does.Contain("'zz'").And.Contain("not in this file"));
    }

    [Test]
    public void Missing_File_IsNamed()
    {
        var path = Path.Combine(dir, "none.safetensors");
        var ex = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.ReadHeader(path))!;
        Assert.That(ex.Message, Is.EqualTo($"{path}: no such file"));
    }
}
