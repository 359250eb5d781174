using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Empirics.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Checkpoints;

/// <summary>Round trips and the on-disk layout of <see cref="SafeTensorsFile"/>.</summary>
[TestFixture]
public sealed class SafeTensorsFileTests
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

    private static Dictionary<string, Tensor> RandomTensors(long seed)
    {
        var g = new Generator((ulong)seed);
        return new Dictionary<string, Tensor>
        {
            ["a.f32"] = randn([3, 5], generator: g),
            ["b.f16"] = randn([7], generator: g).to(ScalarType.Float16),
            ["c.bf16"] = randn([2, 3, 4], generator: g).to(ScalarType.BFloat16),
            ["d.i64"] = randint(-1_000_000_000_000L, 1_000_000_000_000L, [4, 2], generator: g),
            ["e.i32"] = randint(-100_000, 100_000, [5], dtype: ScalarType.Int32, generator: g),
            ["f.scalar"] = tensor(3.25f),
            ["g.empty"] = zeros([0, 4]),
        };
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void SafeTensors_RoundTrip_KeepsEveryDtypeShapeAndValueExactly(int seed)
    {
        using var scope = NewDisposeScope();
        var tensors = RandomTensors(seed);
        var path = Path.Combine(dir, "t.safetensors");
        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var back = SafeTensorsFile.Read(path);
        Assert.That(back.Keys, Is.EquivalentTo(tensors.Keys));
        foreach (var (name, t) in tensors)
        {
            Assert.That(back[name].dtype, Is.EqualTo(t.dtype), name);
            Assert.That(back[name].shape, Is.EqualTo(t.shape), name);
            Assert.That(back[name].equal(t).all().item<bool>(), Is.True, name);
        }
        Assert.That(SafeTensorsFile.ReadHeader(path).Metadata["format"], Is.EqualTo("pt"));
    }

    [Test]
    public void SafeTensors_ReadWithDtype_ConvertsHalfPrecisionToFloat32Exactly()
    {
        using var scope = NewDisposeScope();
        var tensors = RandomTensors(5);
        var path = Path.Combine(dir, "t.safetensors");
        SafeTensorsFile.Write(path, tensors);
        var back = SafeTensorsFile.Read(path, ScalarType.Float32, ["b.f16", "c.bf16"]);
        Assert.That(back.Keys, Is.EquivalentTo(new[] { "b.f16", "c.bf16" }));
        Assert.That(back["b.f16"].dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(back["b.f16"].equal(tensors["b.f16"].to(ScalarType.Float32)).all().item<bool>(), Is.True);
        Assert.That(back["c.bf16"].equal(tensors["c.bf16"].to(ScalarType.Float32)).all().item<bool>(), Is.True);
        // Widening is exact: narrowing back gives the stored values bit for bit.
        Assert.That(back["c.bf16"].to(ScalarType.BFloat16).equal(tensors["c.bf16"]).all().item<bool>(), Is.True);
    }

    [Test]
    public void SafeTensors_Writer_PadsHeaderWithSpacesToMultipleOf8AndAlignsData()
    {
        using var scope = NewDisposeScope();
        for (int extra = 0; extra < 8; extra++)
        {
            // Names of different lengths move the JSON length through every residue mod 8.
            var path = Path.Combine(dir, $"p{extra}.safetensors");
            SafeTensorsFile.Write(path, new Dictionary<string, Tensor>
            {
                ["w" + new string('x', extra)] = ones([2, 2]),
                ["h"] = ones([3], dtype: ScalarType.BFloat16),
                ["i"] = ones([1], dtype: ScalarType.Int64),
            });
            var bytes = File.ReadAllBytes(path);
            long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.That(n % 8, Is.Zero, $"header length {n}");
            var text = Encoding.UTF8.GetString(bytes, 8, (int)n);
            var json = text.TrimEnd(' ');
            Assert.That(text.Length - json.Length, Is.LessThan(8));
            Assert.That(json, Does.EndWith("}"));
            using var doc = JsonDocument.Parse(json);
            // Largest element size first: every tensor starts aligned to its own size.
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                long begin = p.Value.GetProperty("data_offsets")[0].GetInt64();
                int size = SafeTensorsDType.ElementSize(p.Value.GetProperty("dtype").GetString()!)!.Value;
                Assert.That((8 + n + begin) % size, Is.Zero, p.Name);
            }
        }
    }

    [Test]
    public void SafeTensors_Reader_ReadsHandMadeLittleEndianBytes()
    {
        // Written by hand, not by our writer, without padding: BF16 1.0 is 0x3F80, F16
        // -2.0 is 0xC000, little-endian.
        var json = "{\"x\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},\"y\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[4,6]}}";
        var path = SafeTensorsBytes.WriteRaw(dir, json, [0x80, 0x3F, 0x00, 0xC0, 0x00, 0xC0]);
        using var scope = NewDisposeScope();
        var t = SafeTensorsFile.Read(path, ScalarType.Float32);
        Assert.That(t["x"].data<float>().ToArray(), Is.EqualTo(new[] { 1.0f, -2.0f }));
        Assert.That(t["y"].shape, Is.Empty);
        Assert.That(t["y"].item<float>(), Is.EqualTo(-2.0f));
    }

    [Test]
    public void SafeTensors_Write_IsAtomic_FailureLeavesNoFile()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "bad.safetensors");
        var ex = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Write(path, new Dictionary<string, Tensor>
        {
            ["ok"] = ones([2]),
            ["double"] = ones([2], dtype: ScalarType.Float64),
        }))!;
        Assert.That(ex.Message, Does.Contain("'double'").And.Contain("Float64").And.Contain("F32, F16, BF16, I64, I32"));
        Assert.That(Directory.GetFiles(dir), Is.Empty);
    }

    [Test]
    public void SafeTensors_Read_LargeTensor_AllocatesAlmostNothingManaged()
    {
        // 128 MB of float32: reading goes from the file straight into the tensor's native
        // memory, so managed allocations stay far below the data size.
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "big.safetensors");
        var big = arange(32L << 20, dtype: ScalarType.Float32).view(8192, 4096);
        SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["big"] = big });
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var back = SafeTensorsFile.Read(path);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        TestContext.Out.WriteLine($"managed bytes allocated while reading 128 MB: {allocated}");
        Assert.That(allocated, Is.LessThan(1 << 20));
        Assert.That(back["big"].equal(big).all().item<bool>(), Is.True);
    }
}
