// layan front end: GOV.UK Frontend components and small progressive
// enhancements. Loaded by the layout as <script type="module">: the
// Content-Security-Policy allows no inline script, so everything that GOV.UK's
// page template does inline happens here. Every page works without it.
import { initAll } from './govuk-frontend.min.js';

// GOV.UK Frontend styles its components for JavaScript only under these
// classes; it checks for the second one before it initialises anything.
// Reaching this line means ES modules run, which is its support test.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');

// GOV.UK Frontend's own texts are English; pages in Bahasa Indonesia get these.
// (Indonesian has a single plural form, so only `other` is needed.)
const indonesian = {
  accordion: {
    i18n: {
      hideAllSections: 'Sembunyikan semua bagian',
      hideSection: 'Sembunyikan',
      hideSectionAriaLabel: 'Sembunyikan bagian ini',
      showAllSections: 'Tampilkan semua bagian',
      showSection: 'Tampilkan',
      showSectionAriaLabel: 'Tampilkan bagian ini',
    },
  },
  characterCount: {
    i18n: {
      charactersUnderLimit: { other: 'Tersisa %{count} karakter' },
      charactersAtLimit: 'Tersisa 0 karakter',
      charactersOverLimit: { other: 'Kelebihan %{count} karakter' },
      wordsUnderLimit: { other: 'Tersisa %{count} kata' },
      wordsAtLimit: 'Tersisa 0 kata',
      wordsOverLimit: { other: 'Kelebihan %{count} kata' },
    },
  },
  exitThisPage: {
    i18n: {
      activated: 'Memuat.',
      timedOut: 'Tombol keluar dari halaman ini tidak aktif lagi.',
      pressTwoMoreTimes: 'Shift, tekan 2 kali lagi untuk keluar.',
      pressOneMoreTime: 'Shift, tekan 1 kali lagi untuk keluar.',
    },
  },
  fileUpload: {
    i18n: {
      chooseFilesButton: 'Pilih berkas',
      dropInstruction: 'atau letakkan berkas di sini',
      noFileChosen: 'Belum ada berkas yang dipilih',
      multipleFilesChosen: { other: '%{count} berkas dipilih' },
      enteredDropZone: 'Masuk ke area unggah',
      leftDropZone: 'Keluar dari area unggah',
    },
  },
  passwordInput: {
    i18n: {
      showPassword: 'Tampilkan',
      hidePassword: 'Sembunyikan',
      showPasswordAriaLabel: 'Tampilkan kata sandi',
      hidePasswordAriaLabel: 'Sembunyikan kata sandi',
      passwordShownAnnouncement: 'Kata sandi Anda terlihat',
      passwordHiddenAnnouncement: 'Kata sandi Anda tersembunyi',
    },
  },
};
const componentConfig = document.documentElement.lang === 'en' ? {} : indonesian;

initAll(componentConfig);

// Forms and buttons marked data-confirm="Question?" ask before submitting.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const submitter = event.submitter;
  const question = (submitter && submitter.dataset.confirm) || (form && form.dataset && form.dataset.confirm);
  if (question && !window.confirm(question)) event.preventDefault();
});

// Buttons marked data-print print the page (receipts, queue tickets). They are
// rendered with the class layan-js-only, so they stay hidden without JavaScript.
// Buttons marked data-copy="text" copy the text (tracking codes) and say so.
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const printButton = target && target.closest('[data-print]');
  if (printButton) {
    event.preventDefault();
    window.print();
    return;
  }
  const copyButton = target && target.closest('[data-copy]');
  if (copyButton && navigator.clipboard) {
    event.preventDefault();
    navigator.clipboard.writeText(copyButton.dataset.copy).then(() => {
      const done = copyButton.dataset.copied;
      if (!done) return;
      const label = copyButton.textContent;
      copyButton.textContent = done;
      setTimeout(() => {
        copyButton.textContent = label;
      }, 3000);
    });
  }
});

// htmx (loaded by the layout before this module, when present):
// - send the CSRF token with every request it makes (forms carry it anyway,
//   hx-post on a lone button does not);
// - set up GOV.UK components in content it swaps in. htmx also fires
//   htmx:load for <body> when it starts; that one is already done above.
const csrfMeta = document.querySelector('meta[name="csrf-token"]');
document.body.addEventListener('htmx:configRequest', (event) => {
  if (csrfMeta && csrfMeta.content) event.detail.headers['X-CSRF-Token'] = csrfMeta.content;
});
// The scope is the parent so that a swapped-in element that is itself a
// component is found too; components already set up refuse a second set-up
// with an InitError, which is expected here and not worth a console line.
document.body.addEventListener('htmx:load', (event) => {
  const element = event.detail && event.detail.elt;
  if (!(element instanceof Element) || element === document.body) return;
  initAll({
    ...componentConfig,
    scope: element.parentElement || element,
    onError: (error) => {
      if (!error || error.name !== 'InitError') console.error(error);
    },
  });
});
