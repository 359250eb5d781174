using System.Buffers.Binary;
using System.Text;

namespace ProbSig.Tests.Properties.Empirics.Checkpoints;

/// <summary>Builds safetensors files byte by byte, to make malformed ones.</summary>
internal static class SafeTensorsBytes
{
    public static string WriteRaw(string dir, string json, byte[] data, ulong? headerLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        var path = Path.Combine(dir, $"{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
