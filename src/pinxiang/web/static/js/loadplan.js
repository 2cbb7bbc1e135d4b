// The 3D load plan: orbit, colour by buyer / merchant / drop, step through the loading
// sequence, click a carton for its order line, merchant and buyer.
import {
  AmbientLight, BoxGeometry, Color, DirectionalLight, EdgesGeometry, Group, LineBasicMaterial,
  LineSegments, Mesh, MeshLambertMaterial, OrbitControls, PerspectiveCamera, Raycaster, Scene,
  Vector2, WebGLRenderer,
} from "/static/vendor/three.min.js";

const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6",
  "#bcf60c", "#fabebe", "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000", "#aaffc3",
  "#808000", "#ffd8b1", "#000075", "#808080", "#ffe119"];
const canvas = document.getElementById("scene");
const labels = JSON.parse(canvas.dataset.labels);
const zh = canvas.dataset.locale === "zh";
const M = 0.001; // mm -> m

const plan = await (await fetch(canvas.dataset.url, { credentials: "same-origin" })).json();
const [L, W, H] = plan.inner_mm;
const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
renderer.setPixelRatio(window.devicePixelRatio);
const scene = new Scene();
scene.background = new Color("#f4f7fb");
scene.add(new AmbientLight(0xffffff, 1.6));
const sun = new DirectionalLight(0xffffff, 1.8);
sun.position.set(-4, 8, 6);
scene.add(sun);
const camera = new PerspectiveCamera(40, 1, 0.05, 300);
// Look at the box from the front-left, above, far enough for its length to fit the view.
const dist = 1.25 * Math.max(L, 2 * W, 2 * H) * M;
const look = [-0.55, 0.6, 0.9];
const norm = Math.hypot(...look);
camera.position.set(
  (L * M) / 2 + (look[0] / norm) * dist,
  (H * M) / 2 + (look[1] / norm) * dist,
  (W * M) / 2 + (look[2] / norm) * dist,
);
const controls = new OrbitControls(camera, canvas);
controls.target.set((L * M) / 2, (H * M) / 3, (W * M) / 2);
controls.update();

// The container: an outline, its door end (x = L) marked by a darker frame.
const shell = new LineSegments(
  new EdgesGeometry(new BoxGeometry(L * M, H * M, W * M)),
  new LineBasicMaterial({ color: 0x34495e }),
);
shell.position.set((L * M) / 2, (H * M) / 2, (W * M) / 2);
scene.add(shell);

const cartons = new Group();
scene.add(cartons);
const edgeMat = new LineBasicMaterial({ color: 0x1d2733, transparent: true, opacity: 0.35 });
const meshes = plan.cartons.map((c) => {
  const [x, y, z] = c.position_mm;
  const [l, w, h] = c.size_mm;
  const geo = new BoxGeometry(l * M, h * M, w * M);
  const mat = new MeshLambertMaterial({ color: 0xbfc5cc, transparent: !c.own, opacity: c.own ? 1 : 0.35 });
  const mesh = new Mesh(geo, mat);
  mesh.position.set((x + l / 2) * M, (z + h / 2) * M, (y + w / 2) * M);
  mesh.add(new LineSegments(new EdgesGeometry(geo), edgeMat));
  mesh.userData = c;
  cartons.add(mesh);
  return mesh;
});

function keyOf(c, by) {
  if (!c.own) return null;
  return by === "drop" ? `${labels.drop} ${c.drop ?? "?"}` : c[by];
}

function colour(by) {
  const keys = [...new Set(plan.cartons.map((c) => keyOf(c, by)).filter((k) => k !== null))].sort();
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  keys.forEach((k, i) => {
    const s = document.createElement("span");
    s.innerHTML = `<i style="background:${PALETTE[i % PALETTE.length]}"></i>`;
    s.append(k);
    legend.append(s);
  });
  meshes.forEach((m) => {
    const k = keyOf(m.userData, by);
    m.material.color.set(k === null ? "#bfc5cc" : PALETTE[keys.indexOf(k) % PALETTE.length]);
  });
  draw();
}

const step = document.getElementById("step");
const stepLabel = document.getElementById("step-label");
function showUpTo(n) {
  meshes.forEach((m) => { m.visible = m.userData.step <= n; });
  stepLabel.textContent = `${n} / ${meshes.length}`;
  draw();
}
step.addEventListener("input", () => showUpTo(Number(step.value)));
let timer = null;
document.getElementById("play").addEventListener("click", () => {
  if (timer) { clearInterval(timer); timer = null; return; }
  let n = 0;
  const every = Math.max(10, 4000 / Math.max(meshes.length, 1));
  timer = setInterval(() => {
    n += 1;
    step.value = String(n);
    showUpTo(n);
    if (n >= meshes.length) { clearInterval(timer); timer = null; }
  }, every);
});
document.getElementById("colour-by").addEventListener("change", (e) => colour(e.target.value));

const detail = document.getElementById("carton-detail");
const ray = new Raycaster();
let picked = null;
canvas.addEventListener("click", (e) => {
  const r = canvas.getBoundingClientRect();
  const p = new Vector2(((e.clientX - r.left) / r.width) * 2 - 1, -((e.clientY - r.top) / r.height) * 2 + 1);
  ray.setFromCamera(p, camera);
  const hit = ray.intersectObjects(meshes.filter((m) => m.visible), false)[0];
  if (picked) picked.material.emissive.set(0x000000);
  picked = hit ? hit.object : null;
  if (!picked) { detail.replaceChildren(); draw(); return; }
  picked.material.emissive.set(0x444444);
  const c = picked.userData;
  const rows = c.own
    ? [["carton", c.carton_id], [labels.step, c.step], [labels.order_line, c.order_line],
       [labels.order, c.order_no], [labels.lot, c.lot_no],
       [labels.product, zh ? c.product_zh : c.product_en], ["HS", c.hs_code],
       [labels.merchant, `${c.merchant} ${zh ? c.merchant_name_zh : c.merchant_name_en}`],
       [labels.buyer, c.buyer], [labels.drop, c.drop]]
    : [[labels.step, c.step], ["", labels.other]];
  rows.push(["mm", c.size_mm.join(" × ")], ["kg", (c.gross_g / 1000).toFixed(1)]);
  detail.replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement("dt"); dt.textContent = k;
    const dd = document.createElement("dd"); dd.textContent = v ?? "";
    return [dt, dd];
  }));
  detail.dataset.carton = c.carton_id;
  draw();
});

function resize() {
  const w = canvas.clientWidth, h = canvas.clientHeight;
  renderer.setSize(w, h, false);
  camera.aspect = w / h;
  camera.updateProjectionMatrix();
  draw();
}
function draw() { renderer.render(scene, camera); }
controls.addEventListener("change", draw);
window.addEventListener("resize", resize);
resize();
colour("buyer");
// Where a carton's centre is on screen (client px): lets browser tests click a carton.
window.pinxiangLoadPlan = {
  centreOf(step) {
    const m = meshes.find((x) => x.userData.step === step);
    const v = m.position.clone().project(camera);
    const r = canvas.getBoundingClientRect();
    return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
  },
};
canvas.dataset.ready = "1";
