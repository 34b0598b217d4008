using System;
using System.IO;
using System.Management.Automation;

namespace TorrentPS.PowerShell.Loading
{
    /// <summary>
    /// Import-Module runs this when it imports TorrentPS.Loader.dll, the manifest's first nested module, before
    /// the root module TorrentPS.dll: so the engine build for the running PowerShell (net8.0 in PowerShell 7.4 and
    /// later, netstandard2.0 in Windows PowerShell 5.1) is the one loaded when PowerShell lists the cmdlets, whose
    /// fields, parameters and output types are engine types.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        /// <summary>Called by Import-Module, once per import.</summary>
        public void OnImport()
        {
            string location = typeof(ModuleInitializer).Assembly.Location;
            if (string.IsNullOrEmpty(location))
            {
                throw new InvalidOperationException("TorrentPS.dll was not loaded from a file, so its engine cannot be found.");
            }

            EngineAssemblyResolver.Register(Path.GetDirectoryName(location)!, Environment.Version);
        }
    }
}
