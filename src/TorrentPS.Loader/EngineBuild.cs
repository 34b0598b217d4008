using System;
using System.IO;

namespace TorrentPS.PowerShell.Loading
{
    /// <summary>
    /// Which of the module's two engine builds suits the running .NET. The module folder holds the engine
    /// twice, lib/net8.0 (span- and ValueTask-based sockets and files, SIMD SHA-1) and lib/netstandard2.0
    /// (with the packages .NET Framework lacks), and no engine next to TorrentPS.dll, so that nothing but
    /// <see cref="EngineAssemblyResolver"/> decides which one loads.
    /// </summary>
    internal static class EngineBuild
    {
        public const string EngineAssemblyName = "TorrentPS.Engine";

        public const string Net8Folder = "net8.0";

        public const string NetStandardFolder = "netstandard2.0";

        /// <summary>
        /// net8.0 on .NET 8 and later (PowerShell 7.4 and later); netstandard2.0 on .NET Framework (Windows
        /// PowerShell 5.1) and on older .NET (PowerShell 7.2 runs on .NET 6). Environment.Version tells them
        /// apart alone: .NET Framework and Mono report 4.0.30319.x, .NET Core 3.0 and later their own version.
        /// </summary>
        public static string FolderFor(Version runtimeVersion) =>
            runtimeVersion.Major >= 8 ? Net8Folder : NetStandardFolder;

        /// <summary>The folder of the build for this process, under the folder TorrentPS.dll was loaded from.</summary>
        public static string FolderIn(string moduleFolder, Version runtimeVersion) =>
            Path.Combine(Path.Combine(moduleFolder, "lib"), FolderFor(runtimeVersion));
    }
}
