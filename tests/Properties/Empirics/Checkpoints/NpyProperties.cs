using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Empirics.Checkpoints;

[TestFixture]
public sealed class NpyProperties
{
    [Test]
    public void Npy_Float64_RoundTripsExactly()
    {
        var gen = from rows in Gen.Choose(1, 7)
                  from cols in Gen.Choose(1, 7)
                  from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => f.Get), rows * cols)
                  select (rows, cols, data);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var ms = new MemoryStream();
            Npy.WriteFloat64(ms, c.data, c.rows, c.cols);
            ms.Position = 0;
            var back = Npy.Read(ms);
            return back.Dtype == "<f8" && back.Shape.SequenceEqual(new[] { c.rows, c.cols }) && back.Data.SequenceEqual(c.data);
        }));
    }

    [Test]
    public void Npy_Header_FollowsFormatVersion1()
    {
        using var ms = new MemoryStream();
        Npy.WriteFloat64(ms, new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var bytes = ms.ToArray();
        int headerLength = bytes[8] | (bytes[9] << 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Multiple(() =>
        {
            Assert.That(bytes.Take(6), Is.EqualTo(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }));
            Assert.That(bytes[6], Is.EqualTo(1));
            Assert.That(bytes[7], Is.EqualTo(0));
            Assert.That((10 + headerLength) % 64, Is.Zero, "data must start on a 64-byte boundary");
            Assert.That(header, Does.StartWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"));
            Assert.That(header, Does.EndWith("\n"));
            Assert.That(bytes.Length, Is.EqualTo(10 + headerLength + 6 * 8));
            Assert.That(BitConverter.ToDouble(bytes, 10 + headerLength + 8 * 5), Is.EqualTo(6.0));
        });
    }

    [Test]
    public void Npy_TruncatedFile_IsRejectedWithReason()
    {
        using var ms = new MemoryStream();
        Npy.WriteFloat64(ms, new double[] { 1, 2, 3 }, 3);
        var cut = new MemoryStream(ms.ToArray()[..^4]);
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(cut));
        Assert.That(e!.Message, Does.Contain("ends inside its data"));
    }
}
