using System;
using System.Text;

namespace TorrentPS.Cli
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            // JSON and file names are UTF-8 whatever the console's code page is; no BOM, or the first
            // JSON token would not parse for consumers reading stdout.
            Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            return CliApplication.Run(args, Console.Out, Console.Error);
        }
    }
}
