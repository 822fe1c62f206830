// Types for the one qrcode-terminal call the banner makes (the package ships none).
declare module "qrcode-terminal" {
  const qrcode: { generate(text: string, opts: { small: boolean }, cb: (qr: string) => void): void };
  export default qrcode;
}
