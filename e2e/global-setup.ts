// Browser tests create and terminate desktops: refuse to run against anything but a local database.
export default function globalSetup() {
  const url = process.env.DATABASE_URL;
  if (url && !/@(localhost|127\.0\.0\.1)[:/]/.test(url)) {
    throw new Error("Browser tests refuse to run against a non-local database (DATABASE_URL).");
  }
}
