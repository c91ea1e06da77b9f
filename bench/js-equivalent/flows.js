// What Firebridge does, written with the official JavaScript SDKs: the anchor `make bench`
// compares Firebridge with. Every call the app makes has its SDK counterpart here, so the
// bundle holds what a JavaScript version would ship.
import { initializeApp } from "firebase/app";
import {
  connectAuthEmulator, getAuth, isSignInWithEmailLink, onIdTokenChanged, sendPasswordResetEmail,
  sendSignInLinkToEmail, signInWithEmailAndPassword, signInWithEmailLink, signOut,
} from "firebase/auth";
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
  CopyObjectCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command,
  ListPartsCommand, PutObjectCommand, S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

export function connect(config) {
  const auth = getAuth(initializeApp({ apiKey: config.firebase.apiKey, projectId: config.firebase.projectId }));
  if (config.firebase.emulatorUrl) connectAuthEmulator(auth, config.firebase.emulatorUrl, { disableWarnings: true });
  let s3 = null;
  let sts = new STSClient({ region: config.aws.region, endpoint: config.aws.stsEndpoint });

  const awsFor = async (user) => {
    const token = await user.getIdToken();
    const { Credentials: c } = await sts.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: config.aws.roleArn, RoleSessionName: user.uid, WebIdentityToken: token,
    }));
    const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    s3 = new S3Client({ region: config.aws.region, endpoint: config.aws.s3Endpoint, forcePathStyle: true, credentials });
    sts = new STSClient({ region: config.aws.region, endpoint: config.aws.stsEndpoint, credentials });
  };
  const Bucket = config.aws.bucket;
  return {
    sendLink: (email) => sendSignInLinkToEmail(auth, email, { url: location.href, handleCodeInApp: true }),
    completeLink: (email) => isSignInWithEmailLink(auth, location.href) && signInWithEmailLink(auth, email, location.href),
    password: (email, password) => signInWithEmailAndPassword(auth, email, password),
    reset: (email) => sendPasswordResetEmail(auth, email),
    onUser: (callback) => onIdTokenChanged(auth, async (user) => { if (user) await awsFor(user); callback(user); }),
    signOut: () => signOut(auth),
    whoAmI: () => sts.send(new GetCallerIdentityCommand({})),
    list: (Prefix, ContinuationToken) => s3.send(new ListObjectsV2Command({ Bucket, Prefix, Delimiter: "/", ContinuationToken })),
    put: (Key, Body) => s3.send(new PutObjectCommand({ Bucket, Key, Body })),
    upload: (Key, Body, onProgress) => {
      const upload = new Upload({ client: s3, params: { Bucket, Key, Body }, queueSize: 4, partSize: 8 << 20 });
      upload.on("httpUploadProgress", onProgress);
      return upload;
    },
    parts: (Key, UploadId) => s3.send(new ListPartsCommand({ Bucket, Key, UploadId })),
    download: (Key, name) => getSignedUrl(s3, new GetObjectCommand({ Bucket, Key, ResponseContentDisposition: `attachment; filename="${name}"` }), { expiresIn: 60 }),
    share: (Key, expiresIn) => getSignedUrl(s3, new GetObjectCommand({ Bucket, Key }), { expiresIn }),
    rename: async (from, to) => {
      await s3.send(new CopyObjectCommand({ Bucket, Key: to, CopySource: `${Bucket}/${encodeURIComponent(from)}` }));
      await s3.send(new DeleteObjectCommand({ Bucket, Key: from }));
    },
    deleteMany: (keys) => s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } })),
  };
}
